import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Indexed moments on the journey row, so that "stalled" and "reviews" read ranges, not every journey.
  await db.schema
    .alterTable('journeys')
    .addColumn('target_days', 'double precision')
    .addColumn('over_target_at', 'timestamptz')
    .addColumn('next_review_due', 'date')
    .execute();
  await sql`create index journeys_open_over_target on journeys (over_target_at) where status = 'open'`.execute(db);
  await sql`create index journeys_open_updated on journeys (updated_at) where status = 'open'`.execute(db);
  await sql`create index journeys_open_review_due on journeys (next_review_due) where status = 'open'`.execute(db);

  // Open journeys counted by where they are, who holds the ball, and the policy day they entered the stage:
  // ages, over target and breached come from these few rows, kept up to date as events are appended.
  await db.schema
    .createTable('open_stage_entries')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('waiting_on', 'text', (c) => c.notNull())
    // Policy days since 1970: with demo days of a few ms this passes 2^31, so bigint.
    .addColumn('entered_day', 'bigint', (c) => c.notNull())
    .addColumn('target_days', 'double precision', (c) => c.notNull())
    .addColumn('journeys', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('open_stage_entries_pkey', ['team', 'pathway', 'stage', 'waiting_on', 'entered_day', 'target_days'])
    .execute();
  // Stage entries (+1) and exits (-1) per policy day: the cumulative flow is their running sum.
  await db.schema
    .createTable('daily_stage_moves')
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('daily_stage_moves_pkey', ['day', 'team', 'pathway', 'stage'])
    .execute();
  await sql`create index journey_waits_ended on journey_waits (ended_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index journey_waits_ended`.execute(db);
  await db.schema.dropTable('daily_stage_moves').execute();
  await db.schema.dropTable('open_stage_entries').execute();
  await db.schema.alterTable('journeys').dropColumn('target_days').dropColumn('over_target_at').dropColumn('next_review_due').execute();
}
