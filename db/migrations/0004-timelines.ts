import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per stage a journey entered: when, until when, against which captured target.
  await db.schema
    .createTable('journey_stage_spans')
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('left_at', 'timestamptz')
    .addColumn('target_days', 'double precision')
    .addPrimaryKeyConstraint('journey_stage_spans_pkey', ['journey_id', 'seq'])
    .execute();
  // Who held the ball, from when to when; person-held time on hold is kept apart so clocks can exclude it.
  await db.schema
    .createTable('journey_waits')
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('span_seq', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('held_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('held_since', 'timestamptz')
    .addPrimaryKeyConstraint('journey_waits_pkey', ['journey_id', 'seq'])
    .execute();
  // Completed stage durations per pathway in whole days, counted as spans close: forecasts read this, never the journeys.
  await db.schema
    .createTable('stage_duration_histogram')
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('journeys', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stage_duration_histogram_pkey', ['pathway', 'stage', 'days'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stage_duration_histogram').execute();
  await db.schema.dropTable('journey_waits').execute();
  await db.schema.dropTable('journey_stage_spans').execute();
}
