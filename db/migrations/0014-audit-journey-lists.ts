import { sql, type Kysely } from 'kysely';

/**
 * A request that shows a list of journeys (the stalled and reviews reports, the journey list, the web's
 * lists) is one audit row naming them all, not a row per journey: a dashboard refreshed by many managers
 * wrote fifty rows, with fifty index entries, per request. A journey's trail finds such rows through a GIN
 * index on the array; rows about one journey keep `journey_id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log add column journey_ids text[]`.execute(db);
  await sql`alter table audit_log alter column journey_id drop not null`.execute(db);
  await sql`alter table audit_log add constraint audit_log_names_journeys check ((journey_id is null) <> (journey_ids is null))`.execute(
    db,
  );
  await sql`create index audit_log_journey_lists on audit_log using gin (journey_ids)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_log_journey_lists`.execute(db);
  await sql`alter table audit_log drop constraint audit_log_names_journeys`.execute(db);
  await sql`alter table audit_log drop column journey_ids`.execute(db);
}
