import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { PayloadCodec } from '@temporalio/common';
import { registerAuditRoutes, registerAuditTrail } from './audit';
import { authenticate, createTokenVerifier, type TokenVerifier } from './auth';
import { registerCodecRoutes } from './codec-routes';
import { answerFor, RETRY_AFTER_SECONDS } from './error-answer';
import { registerJsonBodyParser } from './json-body';
import { JourneyParams } from './schemas';
import { defaultSecurity, registerSecurity, securityHeadersOf, type SecurityOptions } from './security';
import { registerHealthRoutes } from './health-routes';
import { HttpError } from './http-error';
import { createJourneyService } from './journey-service';
import { registerAnalyticsRoutes } from './analytics-routes';
import { createAnalyticsService } from './analytics-service';
import { registerJourneyRoutes } from './journeys-routes';
import { createNextStepsService } from './next-steps-service';
import { createTimelineService } from './timeline-service';
import { openApiDocument } from './openapi';
import { registerServerTiming } from './server-timing';
import { withCachedReports, type ReportAges } from './report-cache';
import { registerWebApp, type PageNotFound } from '../web/register-web';
import type { OidcSignIn } from '../web/routes/oidc-sign-in';

export interface AppDeps {
  db: Kysely<Database>;
  temporal: Client;
  namespace: string;
  taskQueue: string;
  commandTimeoutMs: number;
  policyDayMs: number;
  authSecret: string;
  /** Verifies tokens (an OIDC issuer's, see auth.ts); by default development tokens signed with authSecret. */
  verifyToken?: TokenVerifier;
  /** The web app's development sign-in page (any role, any user): on unless an identity provider signs staff in. */
  devSignIn?: boolean;
  /** Staff sign in to the web app through the identity provider (web/routes/oidc-sign-in.ts) instead of the development page. */
  oidcSignIn?: OidcSignIn;
  /** CORS allow-lists and rate limits; by default no cross-origin callers and 600 requests a minute per token. */
  security?: SecurityOptions;
  /** The payload codec of the Temporal clients, served to the Web UI at /codec/*; without it, no codec routes. */
  payloadCodec?: PayloadCodec;
  /** How old the managers' figures as of now may be (api/report-cache.ts); default 5 s for waiting time, 1 s for the rest. */
  reportAges?: Partial<ReportAges>;
  logger?: FastifyServerOptions['logger'];
}

interface LoggedRequest {
  method: string;
  id: string;
  routeOptions?: { url?: string };
  params?: unknown;
}

/**
 * The route, not the raw path: a client that puts a name or NHS number in a path must not get it into the
 * logs. An opaque journey id (a UUID) is kept, so an operator can follow one journey.
 */
const loggedPath = (req: LoggedRequest): string => {
  const route = req.routeOptions?.url;
  if (!route) return '(no route)';
  const id = (req.params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? route.replace(':id', id) : route;
};

/** Logs carry what happened and how long it took, never bodies, tokens, query strings or free-form paths. */
export const loggerOptions = (level: string) => ({
  level,
  redact: ['req.headers.authorization'],
  serializers: {
    req: (req: LoggedRequest) => ({ id: req.id, method: req.method, path: loggedPath(req) }),
  },
});

/** A browser asking for a page, not a client of the API: it gets the web app's not-found page. */
const wantsPage = (request: FastifyRequest): boolean =>
  (request.method === 'GET' || request.method === 'HEAD') && !/^\/(api|codec)(\/|$)/.test(request.url) && (request.headers.accept ?? '').includes('text/html');

/** The HTTP API of api.md on Fastify: authentication, routes, and one mapping of errors to statuses. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // No hook runs for a URL the router cannot read, so its answer carries these by hand: the security
  // headers of every other answer, copied from one once the app is built.
  let securityHeaders: Record<string, string> = {};
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 256 * 1024,
    // A malformed or overlong URL is answered in the contract's shape, without echoing the path (it may hold anything).
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const answer = tooLong ? new HttpError(414, 'uri_too_long', 'A part of the path is too long.') : new HttpError(400, 'invalid_url', 'The URL is not valid.');
      void reply.headers(securityHeaders).status(answer.status).send(answer.toBody());
    },
  });
  const journeys = createJourneyService(deps);
  registerServerTiming(app);

  const verifyToken = deps.verifyToken ?? createTokenVerifier({ devSecret: deps.authSecret });
  await registerSecurity(app, deps.security ?? defaultSecurity);
  registerJsonBodyParser(app);
  app.addHook('onRequest', async (request) => {
    // CORS preflights carry no token; the cors plugin answers them.
    if (request.method !== 'OPTIONS' && (request.url.startsWith('/api/') || request.url.startsWith('/codec/')))
      request.principal = await authenticate(request.headers.authorization, verifyToken);
  });
  registerAuditTrail(app, deps.db);

  app.setErrorHandler((thrown, request, reply) => {
    const answer = answerFor(thrown, request);
    if (answer.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.status(answer.status).send(answer.toBody());
  });
  let pageNotFound: PageNotFound | undefined;
  app.setNotFoundHandler((request, reply) => {
    if (pageNotFound && wantsPage(request)) return pageNotFound(request, reply);
    return reply.status(404).send(new HttpError(404, 'not_found', 'No such resource.').toBody());
  });

  registerHealthRoutes(app, deps.db, deps.temporal, deps.namespace);
  app.get('/openapi.json', async () => openApiDocument());
  registerAuditRoutes(app, deps.db, JourneyParams);
  if (deps.payloadCodec) registerCodecRoutes(app, deps.payloadCodec, deps.namespace);
  const timeline = createTimelineService(deps.db, deps.policyDayMs);
  const nextSteps = createNextStepsService(deps.db, deps.policyDayMs);
  const analytics = withCachedReports(createAnalyticsService(deps.db, deps.policyDayMs), { waitingMaxAgeMs: 5000, liveMaxAgeMs: 1000, ...deps.reportAges });
  registerJourneyRoutes(app, deps.db, journeys, timeline, nextSteps, deps.policyDayMs);
  registerAnalyticsRoutes(app, analytics, deps.policyDayMs);
  // The web app: pages for people and staff, served by the same process (web/).
  pageNotFound = await registerWebApp(app, { db: deps.db, authSecret: deps.authSecret, tokenVerifier: verifyToken, devSignIn: deps.devSignIn, oidcSignIn: deps.oidcSignIn, secureCookies: deps.oidcSignIn?.secure, policyDayMs: deps.policyDayMs, journeys, timeline, nextSteps, analytics });
  securityHeaders = securityHeadersOf((await app.inject({ method: 'GET', url: '/openapi.json' })).headers);
  return app;
}
