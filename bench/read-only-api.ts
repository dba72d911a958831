import { Client as TemporalClient, Connection } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { createApplication } from '../app/application';
import { defaultSecurity } from '../http/security';
import { buildServer } from '../server/build-server';
import type { Database } from '../db/schema';
import { Config } from '../lib/config';

/**
 * The real app on a free port over the bench database, for read benchmarks: the whole HTTP stack and its
 * layers, but no Temporal behind it (nothing measured here sends a command). Returns its URL and the
 * development secret that signs the clients' tokens.
 */
export async function startReadOnlyApi(db: Kysely<Database>, policyDayMs: number, options: { analyticsMaxAgeMs?: number } = {}) {
  const config = Config.parse({});
  let url = '';
  const application = createApplication({
    db,
    temporal: new TemporalClient({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
    namespace: 'default',
    taskQueue: 'bench',
    commandTimeoutMs: 1000,
    policyDayMs,
    // As deployed unless told otherwise: the managers' figures as of now are shared for ANALYTICS_MAX_AGE_MS.
    reportAges: { liveMaxAgeMs: options.analyticsMaxAgeMs ?? config.ANALYTICS_MAX_AGE_MS },
    publicBaseUrl: () => url,
  });
  const app = await buildServer({
    application,
    authSecret: config.AUTH_DEV_SECRET,
    // One bench token makes hundreds of requests a second: the limiter still runs, at a bound it never reaches.
    security: { ...defaultSecurity, rateLimitMax: 1_000_000 },
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, secret: config.AUTH_DEV_SECRET };
}
