import { sql, type Kysely } from 'kysely';
import { toStoredEvent } from '../event-store';
import type { Database } from '../schema';
import { journeyProjectors } from '.';
import { readModelTables } from './read-models';

/** The tables that are pure folds of the event log, and so can be thrown away and rebuilt. */
export const projectionTables = readModelTables.map((table) => table.name);

/**
 * Rebuilds every projection from the events, in log order, through the same projectors as live appends.
 * Run it with the workers stopped: appends during a rebuild would be folded twice.
 */
export async function rebuildProjections(
  db: Kysely<Database>,
  options: { policyDayMs: number; batchSize?: number; onProgress?: (events: number) => void },
): Promise<{ events: number }> {
  const projectors = journeyProjectors(options.policyDayMs);
  const batchSize = options.batchSize ?? 5000;
  await sql`truncate ${sql.join(projectionTables.map((t) => sql.table(t)))}`.execute(db);
  let after = '0';
  let total = 0;
  for (;;) {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('global_position', '>', after)
      .orderBy('global_position')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    const batch = rows.map(toStoredEvent);
    await db.transaction().execute(async (tx) => {
      for (const project of projectors) await project(tx, batch);
    });
    after = batch[batch.length - 1]!.globalPosition;
    total += batch.length;
    options.onProgress?.(total);
  }
  return { events: total };
}
