import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { authenticate } from './auth';
import { registerHealthRoutes } from './health-routes';
import { HttpError } from './http-error';
import { createJourneyService } from './journey-service';
import { registerAnalyticsRoutes } from './analytics-routes';
import { createAnalyticsService } from './analytics-service';
import { registerJourneyRoutes } from './journeys-routes';
import { createNextStepsService } from './next-steps-service';
import { createTimelineService } from './timeline-service';
import { openApiDocument } from './openapi';

export interface AppDeps {
  db: Kysely<Database>;
  temporal: Client;
  namespace: string;
  taskQueue: string;
  commandTimeoutMs: number;
  policyDayMs: number;
  authSecret: string;
  logger?: FastifyServerOptions['logger'];
}

/** Logs carry what happened and how long it took, never bodies, tokens or query strings. */
export const loggerOptions = (level: string) => ({
  level,
  redact: ['req.headers.authorization'],
  serializers: {
    req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
  },
});

const errorStatuses: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_input', 'The request body is empty; send a JSON object.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The request body is not valid JSON.'],
};

/** The HTTP API of api.md on Fastify: authentication, routes, and one mapping of errors to statuses. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 256 * 1024 });
  const journeys = createJourneyService(deps);

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) request.principal = await authenticate(request.headers.authorization, deps.authSecret);
  });

  app.setErrorHandler((thrown, request, reply) => {
    const error = thrown as Error & { code?: string; statusCode?: number };
    const fastifyError = error.code ? errorStatuses[error.code] : undefined;
    const mapped =
      error instanceof HttpError
        ? error
        : fastifyError
          ? new HttpError(...fastifyError)
          : error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP')
            ? new HttpError(400, 'invalid_json', 'The request body is not valid JSON.')
            : new HttpError(500, 'internal_error', 'Something went wrong on our side.', undefined, { cause: error });
    // Driver errors keep values in `detail`, which is never logged; the message and stack name the fault.
    if (mapped.status >= 500) {
      const fault = (mapped.cause ?? error) as Error & { code?: string; cause?: Error & { type?: string } };
      const cause = fault.cause ? { type: fault.cause.type ?? fault.cause.name, message: fault.cause.message } : undefined;
      request.log.error({ err: { type: fault.name, code: fault.code, message: fault.message, stack: fault.stack, cause } }, 'request failed');
    }
    return reply.status(mapped.status).send(mapped.toBody());
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(new HttpError(404, 'not_found', 'No such resource.').toBody()));

  registerHealthRoutes(app, deps.db, deps.temporal, deps.namespace);
  app.get('/openapi.json', async () => openApiDocument());
  registerJourneyRoutes(
    app,
    deps.db,
    journeys,
    createTimelineService(deps.db, deps.policyDayMs),
    createNextStepsService(deps.db, deps.policyDayMs),
    deps.policyDayMs,
  );
  registerAnalyticsRoutes(app, createAnalyticsService(deps.db, deps.policyDayMs), deps.policyDayMs);
  return app;
}
