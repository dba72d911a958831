import { sql, type Kysely } from 'kysely';

/**
 * The hot path of a command's append as two server-side functions, so that it costs five round trips
 * (begin, append, the read models' reads, their writes, commit) instead of twelve, and PostgreSQL plans
 * its statements once per connection instead of on every append.
 *
 * `append_stream_events` takes the stream's row lock and appends only at the expected version; it returns
 * the stream's version before the call and, when it appended, one row per event with its global position.
 * `write_journey_projections` writes every read model's rows of a batch (computed by the pure projections
 * in db/projections) and deletes the counters it brought to zero: PostgreSQL cannot upsert and delete one
 * row in one statement, and here the delete costs no round trip.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function append_stream_events(p_stream_id text, p_expected_version integer, p_events jsonb)
    returns table (stream_version integer, appended_position bigint)
    language plpgsql as $$
    declare
      v integer;
    begin
      -- The lock: concurrent appends to one stream queue here; other streams do not wait.
      insert into streams as s (stream_id, version, updated_at) values (p_stream_id, 0, now())
      on conflict (stream_id) do update set stream_id = excluded.stream_id
      returning s.version into v;
      if v <> p_expected_version then
        return query select v, null::bigint;
        return;
      end if;
      update streams s set version = p_expected_version + jsonb_array_length(p_events), updated_at = now() where s.stream_id = p_stream_id;
      return query
        insert into events as e (stream_id, version, event_id, type, data, actor, occurred_at, command_id)
        select p_stream_id, n.version, n.event_id, n.type, n.data, n.actor, n.occurred_at, n.command_id
        from jsonb_to_recordset(p_events) as n(version integer, event_id uuid, type text, data jsonb, actor jsonb, occurred_at timestamptz, command_id text)
        order by n.version
        returning v, e.global_position;
    end $$`.execute(db);

  await sql`
    create function write_journey_projections(p jsonb) returns void
    language plpgsql as $$
    declare
      z record;
    begin
      insert into journey_stage_spans as t (journey_id, seq, stage, pathway, team, entered_at, left_at, target_days)
      select r.journey_id, r.seq, r.stage, r.pathway, r.team, r.entered_at, r.left_at, r.target_days
      from jsonb_populate_recordset(null::journey_stage_spans, p->'spans') r
      on conflict (journey_id, seq) do update set left_at = excluded.left_at;

      insert into journey_waits as t (journey_id, seq, span_seq, stage, party, started_at, ended_at, held_ms, held_since)
      select r.journey_id, r.seq, r.span_seq, r.stage, r.party, r.started_at, r.ended_at, r.held_ms, r.held_since
      from jsonb_populate_recordset(null::journey_waits, p->'waits') r
      on conflict (journey_id, seq) do update set ended_at = excluded.ended_at, held_ms = excluded.held_ms, held_since = excluded.held_since;

      insert into journeys as t (journey_id, pathway, team, coordinator, stage, waiting_on, stage_entered_at, on_hold, status, state, version,
        opened_at, updated_at, target_days, over_target_at, next_review_due)
      select r.journey_id, r.pathway, r.team, r.coordinator, r.stage, r.waiting_on, r.stage_entered_at, r.on_hold, r.status, r.state, r.version,
        r.opened_at, r.updated_at, r.target_days, r.over_target_at, r.next_review_due
      from jsonb_populate_recordset(null::journeys, p->'journeys') r
      on conflict (journey_id) do update set pathway = excluded.pathway, team = excluded.team, coordinator = excluded.coordinator,
        stage = excluded.stage, waiting_on = excluded.waiting_on, stage_entered_at = excluded.stage_entered_at, on_hold = excluded.on_hold,
        status = excluded.status, state = excluded.state, version = excluded.version, opened_at = excluded.opened_at,
        updated_at = excluded.updated_at, target_days = excluded.target_days, over_target_at = excluded.over_target_at,
        next_review_due = excluded.next_review_due;

      -- Counters, each batch's rows in the key order they were given: concurrent appends take the rows'
      -- locks in the same order and never deadlock. A counter brought to zero is deleted, by its key only.
      insert into stage_duration_histogram as t (pathway, stage, days, journeys)
      select r.pathway, r.stage, r.days, r.journeys
      from jsonb_populate_recordset(null::stage_duration_histogram, p->'histogram') with ordinality as r
      order by r.ordinality
      on conflict (pathway, stage, days) do update set journeys = t.journeys + excluded.journeys;

      for z in
        insert into open_stage_entries as t (team, pathway, stage, waiting_on, entered_day, target_days, journeys)
        select r.team, r.pathway, r.stage, r.waiting_on, r.entered_day, r.target_days, r.journeys
        from jsonb_populate_recordset(null::open_stage_entries, p->'openEntries') with ordinality as r
        order by r.ordinality
        on conflict (team, pathway, stage, waiting_on, entered_day, target_days) do update set journeys = t.journeys + excluded.journeys
        returning t.team, t.pathway, t.stage, t.waiting_on, t.entered_day, t.target_days, t.journeys
      loop
        if z.journeys = 0 then
          delete from open_stage_entries t
          where (t.team, t.pathway, t.stage, t.waiting_on, t.entered_day, t.target_days) = (z.team, z.pathway, z.stage, z.waiting_on, z.entered_day, z.target_days)
            and t.journeys = 0;
        end if;
      end loop;

      for z in
        insert into stage_totals as t (team, pathway, stage, journeys)
        select r.team, r.pathway, r.stage, r.journeys
        from jsonb_populate_recordset(null::stage_totals, p->'stageTotals') with ordinality as r
        order by r.ordinality
        on conflict (team, pathway, stage) do update set journeys = t.journeys + excluded.journeys
        returning t.team, t.pathway, t.stage, t.journeys
      loop
        if z.journeys = 0 then
          delete from stage_totals t where (t.team, t.pathway, t.stage) = (z.team, z.pathway, z.stage) and t.journeys = 0;
        end if;
      end loop;

      for z in
        insert into daily_stage_moves as t (day, team, pathway, stage, delta)
        select r.day, r.team, r.pathway, r.stage, r.delta
        from jsonb_populate_recordset(null::daily_stage_moves, p->'dailyMoves') with ordinality as r
        order by r.ordinality
        on conflict (day, team, pathway, stage) do update set delta = t.delta + excluded.delta
        returning t.day, t.team, t.pathway, t.stage, t.delta
      loop
        if z.delta = 0 then
          delete from daily_stage_moves t where (t.day, t.team, t.pathway, t.stage) = (z.day, z.team, z.pathway, z.stage) and t.delta = 0;
        end if;
      end loop;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function write_journey_projections(jsonb)`.execute(db);
  await sql`drop function append_stream_events(text, integer, jsonb)`.execute(db);
}
