import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);

/** `GET /health`: 200 when the database and Temporal answer, 503 naming what does not. */
export function registerHealthRoutes(app: FastifyInstance, db: Kysely<Database>, temporal: Client, namespace: string): void {
  app.get('/health', async (_request, reply) => {
    const check = async (work: () => Promise<unknown>) => {
      try {
        await within(2000, work());
        return 'ok';
      } catch {
        return 'unavailable';
      }
    };
    const [database, temporalStatus] = await Promise.all([
      check(() => sql`select 1`.execute(db)),
      check(() => temporal.workflowService.describeNamespace({ namespace })),
    ]);
    const checks = { database, temporal: temporalStatus };
    const healthy = database === 'ok' && temporalStatus === 'ok';
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unavailable', checks });
  });
}
