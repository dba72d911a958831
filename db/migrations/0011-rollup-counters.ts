import { sql, type Kysely } from 'kysely';

/**
 * The dashboard counters gain rolled-up rows (team or pathway '*', meaning all; see
 * db/projections/rollups.ts), so an unfiltered request reads one row per cell instead of summing every
 * team's and pathway's rows. Also two indexes: quiet journeys outside active support for "stalled", and
 * the end of each wait (open ones never end) for "waiting".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // grouping sets leave the rolled-up column null: that is our '*'.
  await sql`insert into open_stage_entries (team, pathway, stage, waiting_on, entered_day, target_days, journeys)
            select coalesce(team, '*'), coalesce(pathway, '*'), stage, waiting_on, entered_day, target_days, sum(journeys)
            from open_stage_entries
            group by grouping sets ((team, stage, waiting_on, entered_day, target_days), (pathway, stage, waiting_on, entered_day, target_days), (stage, waiting_on, entered_day, target_days))`.execute(
    db,
  );
  await sql`insert into daily_stage_moves (day, team, pathway, stage, delta)
            select day, coalesce(team, '*'), coalesce(pathway, '*'), stage, sum(delta)
            from daily_stage_moves
            group by grouping sets ((day, team, stage), (day, pathway, stage), (day, stage))
            having sum(delta) <> 0`.execute(db);
  await sql`insert into stage_totals (team, pathway, stage, journeys)
            select coalesce(team, '*'), coalesce(pathway, '*'), stage, sum(journeys)
            from stage_totals
            group by grouping sets ((team, stage), (pathway, stage), (stage))
            having sum(journeys) <> 0`.execute(db);
  await sql`create index journeys_open_quiet on journeys (updated_at) where status = 'open' and stage <> 'active'`.execute(db);
  await sql`create index journey_waits_until on journey_waits ((coalesce(ended_at, 'infinity'::timestamptz)))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index journey_waits_until`.execute(db);
  await sql`drop index journeys_open_quiet`.execute(db);
  for (const table of ['open_stage_entries', 'daily_stage_moves', 'stage_totals'])
    await sql`delete from ${sql.table(table)} where team = '*' or pathway = '*'`.execute(db);
}
