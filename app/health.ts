import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);

/** Whether the database and Temporal answer, each within 2 s: what `GET /health` reports. */
export function createHealthCheck(db: Kysely<Database>, temporal: Client, namespace: string) {
  const check = async (work: () => Promise<unknown>) => {
    try {
      await within(2000, work());
      return 'ok' as const;
    } catch {
      return 'unavailable' as const;
    }
  };
  return async function health() {
    const [database, temporalStatus] = await Promise.all([
      check(() => sql`select 1`.execute(db)),
      check(() => temporal.workflowService.describeNamespace({ namespace })),
    ]);
    return { healthy: database === 'ok' && temporalStatus === 'ok', checks: { database, temporal: temporalStatus } };
  };
}
