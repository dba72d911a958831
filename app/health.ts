import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);

/** How long one answer serves every caller: a load balancer's probes, or a flood, cost one check a second. */
const SHARED_MS = 1000;

/** Whether the database and Temporal answer, each within 2 s: what `GET /health` reports. */
export function createHealthCheck(db: Kysely<Database>, temporal: Client, namespace: string) {
  let last: { at: number; answer: Promise<{ healthy: boolean; checks: { database: string; temporal: string } }> } | undefined;
  const check = async (work: () => Promise<unknown>) => {
    try {
      await within(2000, work());
      return 'ok' as const;
    } catch {
      return 'unavailable' as const;
    }
  };
  const run = async () => {
    const [database, temporalStatus] = await Promise.all([
      check(() => sql`select 1`.execute(db)),
      check(() => temporal.workflowService.describeNamespace({ namespace })),
    ]);
    return { healthy: database === 'ok' && temporalStatus === 'ok', checks: { database, temporal: temporalStatus } };
  };
  return function health() {
    if (!last || Date.now() - last.at > SHARED_MS) last = { at: Date.now(), answer: run() };
    return last.answer;
  };
}
