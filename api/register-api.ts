import type { PayloadCodec } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import type { Application } from '../app/application';
import { bearerPrincipal } from '../http/identify';
import '../http/request-context';
import { registerAnalyticsRoutes } from './analytics-routes';
import { registerCodecRoutes } from './codec-routes';
import { registerHealthRoutes } from './health-routes';
import { registerJourneyRoutes } from './journeys-routes';
import { registerTaskRoutes } from './tasks-routes';
import { openApiDocument } from './openapi';

export interface ApiDeps {
  application: Application;
  /** The payload codec of the Temporal clients and its namespace, served to the Web UI at /codec/*; without it, no codec routes. */
  codec?: { payloadCodec: PayloadCodec; namespace: string };
}

/**
 * The HTTP API of api.md. Its routes live in one encapsulated scope whose hook requires a verified bearer
 * token of every request the router matched to them, however the URL was spelled (percent-encoded or not):
 * none runs without a principal. Health and the OpenAPI document are public.
 */
export async function registerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  registerHealthRoutes(app, deps.application);
  app.get('/openapi.json', async () => openApiDocument());
  await app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      // What the API answers may hold personal data: no cache keeps it.
      void reply.header('cache-control', 'no-store');
      // CORS preflights carry no token; the cors plugin answers them.
      if (request.method !== 'OPTIONS') request.principal = bearerPrincipal(request);
    });
    registerJourneyRoutes(api, deps.application);
    registerAnalyticsRoutes(api, deps.application);
    registerTaskRoutes(api, deps.application);
    if (deps.codec) registerCodecRoutes(api, deps.codec.payloadCodec, deps.codec.namespace);
  });
}
