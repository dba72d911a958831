import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema';
import { readModelTables, type ProjectionRows } from './read-models';

/** A batch's rows before any read model adds its own: none for every table. */
export function emptyProjectionRows(): ProjectionRows {
  return Object.fromEntries(readModelTables.map((table) => [table.rows, []])) as unknown as ProjectionRows;
}

/**
 * Writes a batch's rows, and deletes the counters it brought to zero, in one call of
 * `write_journey_projections` (write-function.ts): one round trip for every read model, where a
 * statement per table took eight, and a plan PostgreSQL keeps per connection. Counter rows come in key order.
 */
export async function writeProjectionRows(tx: Transaction<Database>, rows: ProjectionRows): Promise<void> {
  await sql`select write_journey_projections(${JSON.stringify(rows)}::jsonb)`.execute(tx);
}
