import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The list pages newest first: walking this index finds a filtered page without sorting every journey.
  await sql`create index journeys_listing on journeys (opened_at desc, journey_id desc)`.execute(db);
  // Reviews: due dates of active journeys, and reviews in progress by when they go over target.
  await sql`create index journeys_active_review_due on journeys (next_review_due) where status = 'open' and stage = 'active'`.execute(db);
  await sql`create index journeys_in_review_over_target on journeys (over_target_at) where status = 'open' and stage = 'review'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index journeys_in_review_over_target`.execute(db);
  await sql`drop index journeys_active_review_due`.execute(db);
  await sql`drop index journeys_listing`.execute(db);
}
