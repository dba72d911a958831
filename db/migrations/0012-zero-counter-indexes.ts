import { sql, type Kysely } from 'kysely';

/** Counters that reach zero are deleted in one statement per append; these make finding them a lookup. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index open_stage_entries_zero on open_stage_entries (journeys) where journeys = 0`.execute(db);
  await sql`create index stage_totals_zero on stage_totals (journeys) where journeys = 0`.execute(db);
  await sql`create index daily_stage_moves_zero on daily_stage_moves (delta) where delta = 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index daily_stage_moves_zero`.execute(db);
  await sql`drop index stage_totals_zero`.execute(db);
  await sql`drop index open_stage_entries_zero`.execute(db);
}
