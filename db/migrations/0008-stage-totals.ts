import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Journeys in each stage now (closed included): with the recent daily moves it gives the flow at any
  // start date without summing years of history.
  await db.schema
    .createTable('stage_totals')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('pathway', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('journeys', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stage_totals_pkey', ['team', 'pathway', 'stage'])
    .execute();
  await sql`insert into stage_totals (team, pathway, stage, journeys)
            select team, pathway, stage, sum(delta) from daily_stage_moves group by team, pathway, stage having sum(delta) <> 0`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stage_totals').execute();
}
