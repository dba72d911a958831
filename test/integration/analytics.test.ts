import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createAnalyticsService, type AnalyticsFilter } from '../../app/analytics/analytics-service';
import { listJourneys, type JourneyListQuery } from '../../app/journeys/journey-list';
import { connectDatabase } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/schema';
import { createDatabase, dropDatabase } from '../support/databases';
import { DAY, T0, submit, toAssessment, toAwareness, toPlanning, writeScriptedJourney, type ScriptStep } from '../support/scripted-history';
import { testEnv } from '../support/test-env';

const NOW = new Date(T0 + 400 * DAY + DAY / 2);
const approver = { sub: 'ash', role: 'approver' };

/** A varied, deterministic set of journeys: every stage, holds, returns, reviews overdue and not, closures. */
function scriptFor(i: number): ScriptStep[] {
  const d = (n: number) => ((i * 7) % 300) + n; // spread start days over the year
  const steps: ScriptStep[] = [...toAwareness(d(1), d(2 + (i % 4)))];
  if (i % 11 === 0) return steps;
  if (i % 5 === 1) steps.push([d(6), { type: 'put_on_hold', reason: 'hospital' }], [d(9 + (i % 3)), { type: 'resume' }]);
  if (i % 13 === 2) return [...steps, [d(12), { type: 'withdraw', reason: 'moved' }]];
  steps.push(...toAssessment(d(12), d(14 + (i % 9))));
  if (i % 9 === 3) return steps;
  steps.push(...toPlanning(d(30 + (i % 20)), d(33 + (i % 20)), d(35 + (i % 20))));
  if (i % 7 === 4) return steps;
  steps.push(...submit(d(50 + (i % 30)), 1_000_000 + (i % 4) * 150_000));
  if (i % 6 === 5) return steps;
  if (i % 8 === 0) steps.push([d(90), { type: 'return_plan', reasons: ['more detail'] }], ...submit(d(100), 1_000_000));
  // Plans at 100% of the indicative budget go to a team lead; above 110% a manager (or a panel) decides.
  steps.push([d(110), { type: 'approve_plan' }, i % 4 === 0 ? approver : { sub: 'morgan', role: 'manager' }]);
  if (i % 10 === 6) return steps;
  const started = new Date(T0 + d(120) * DAY).toISOString().slice(0, 10);
  steps.push([d(120), { type: 'record_support_started', date: started }]);
  return steps;
}

/** The same figures, straight from the events table: no read model involved. */
const currentByEvents = sql`
  with opened as (
    select stream_id, data->>'team' as team, data->>'pathway' as pathway, data->'policy' as policy from events where type = 'journey_opened'
  ), stage as (
    select distinct on (stream_id) stream_id, data->>'to' as stage, occurred_at as entered_at from events where type = 'stage_changed' order by stream_id, version desc
  ), ball as (
    select distinct on (stream_id) stream_id, coalesce(case when type = 'stage_changed' then data->>'waitingOn' else data->>'party' end, 'nobody') as waiting_on
    from events where type in ('stage_changed', 'waiting_on_changed') order by stream_id, version desc
  ), route as (
    select distinct on (stream_id) stream_id, data->>'route' as route from events where type = 'sign_off_routed' order by stream_id, version desc
  ), plan as (
    select distinct on (stream_id) stream_id, data->'lines' as lines from events where type = 'plan_submitted' order by stream_id, version desc
  )
  select o.team, o.pathway, s.stage, b.waiting_on, s.entered_at,
    case
      when s.stage = 'sign_off' and r.route = 'panel' then (o.policy->>'panelTargetDays')::float
      when s.stage = 'setup' then (select max((o.policy->'setupTargetDays'->>(l->>'managementOption'))::float) from jsonb_array_elements(p.lines) l)
      else (o.policy->'targets'->>s.stage)::float
    end as target
  from opened o join stage s using (stream_id) join ball b using (stream_id)
  left join route r using (stream_id) left join plan p using (stream_id)
  where s.stage <> 'closed'`;

describe('every analytics figure equals a direct count over the events', () => {
  let url: string;
  let db: Kysely<Database>;
  let analytics: ReturnType<typeof createAnalyticsService>;
  beforeAll(async () => {
    url = await createDatabase(testEnv.adminDatabaseUrl, 'pbe_analytics');
    db = connectDatabase({ url });
    await migrateToLatest(db);
    analytics = createAnalyticsService(db, DAY);
    for (let i = 0; i < 60; i += 1)
      await writeScriptedJourney(db, scriptFor(i), randomUUID(), { team: i % 3 === 0 ? 'south' : 'north', pathway: i % 2 ? 'phb' : 'chc' });
  }, 120_000);
  afterAll(async () => {
    await db.destroy();
    await dropDatabase(testEnv.adminDatabaseUrl, url);
  });

  const filters: AnalyticsFilter[] = [{}, { team: 'south' }, { pathway: 'phb' }, { team: 'south', pathway: 'phb' }];

  it.each(filters)('stages: open, waiting on, ages, over target and breached (%o)', async (filter) => {
    const { rows } = await sql<{
      team: string;
      pathway: string;
      stage: string;
      waiting_on: string;
      entered_at: Date;
      target: number | null;
    }>`${currentByEvents}`.execute(db);
    const mine = rows.filter((r) => (!filter.team || r.team === filter.team) && (!filter.pathway || r.pathway === filter.pathway));
    const today = Math.floor(NOW.getTime() / DAY);
    const age = (r: (typeof mine)[number]) => today - Math.floor(r.entered_at.getTime() / DAY);
    const { stages } = await analytics.stages(filter, NOW);
    for (const figure of stages) {
      const here = mine.filter((r) => r.stage === figure.stage);
      const waitingOn: Record<string, number> = {};
      for (const r of here) waitingOn[r.waiting_on] = (waitingOn[r.waiting_on] ?? 0) + 1;
      expect(figure).toMatchObject({
        open: here.length,
        waitingOn,
        overTarget: here.filter((r) => r.target && age(r) > r.target).length,
        breached: here.filter((r) => r.target && age(r) >= 2 * r.target).length,
      });
      const ages = here.map(age).sort((a, b) => a - b);
      expect(figure.p50Days).toBe(ages.length ? ages[Math.ceil(0.5 * ages.length) - 1] : null);
    }
    expect(stages.reduce((n, s) => n + s.open, 0)).toBe(mine.length);
    expect(mine.length).toBeGreaterThan(0);
  });

  it.each(filters)('flow: journeys in each stage at the end of each day (%o)', async (filter) => {
    const from = new Date(T0 + 100 * DAY);
    const to = new Date(T0 + 130 * DAY);
    const flow = await analytics.flow(filter, from, to);
    const { rows } = await sql<{ day: string; stage: string; n: string }>`
      with days as (select generate_series(${Math.floor(from.getTime() / DAY)}::int, ${Math.floor(to.getTime() / DAY)}::int) as day),
      opened as (select stream_id, data->>'team' as team, data->>'pathway' as pathway from events where type = 'journey_opened')
      select d.day, s.stage, count(*) as n
      from days d cross join lateral (
        select distinct on (e.stream_id) e.stream_id, e.data->>'to' as stage from events e
        where e.type = 'stage_changed' and floor(extract(epoch from e.occurred_at) * 1000 / ${DAY}) <= d.day
        order by e.stream_id, e.version desc
      ) s join opened o using (stream_id)
      where (${filter.team ?? null}::text is null or o.team = ${filter.team ?? null}) and (${filter.pathway ?? null}::text is null or o.pathway = ${filter.pathway ?? null})
      group by d.day, s.stage`.execute(db);
    const expected = flow.days.map((day) => {
      const d = Math.floor(Date.parse(day.date) / DAY);
      return Object.fromEntries(
        flow.stages.map((stage) => [stage, Number(rows.find((r) => Number(r.day) === d && r.stage === stage)?.n ?? 0)]),
      );
    });
    expect(flow.days.map((day) => day.counts)).toEqual(expected);
    expect(flow.days).toHaveLength(31);
  });

  it.each(filters)('waiting: days by party over a period, person time on hold excluded (%o)', async (filter) => {
    const from = new Date(T0 + 50 * DAY);
    const to = new Date(T0 + 250 * DAY);
    const figures = await analytics.waiting(filter, from, to, NOW);
    const { rows } = await sql<{ party: string; total_ms: string; journeys: string }>`
      with opened as (select stream_id, data->>'team' as team, data->>'pathway' as pathway from events where type = 'journey_opened'),
      marks as (
        select stream_id, version, occurred_at, type,
          case when type = 'stage_changed' then data->>'waitingOn' when type = 'waiting_on_changed' then data->>'party' end as party
        from events where type in ('stage_changed', 'waiting_on_changed')
      ), waits as (
        select stream_id, party, occurred_at as started_at, lead(occurred_at) over (partition by stream_id order by version) as ended_at
        from marks
      ), holds as (
        select stream_id, occurred_at as held_at,
          (select min(r.occurred_at) from events r where r.stream_id = h.stream_id and r.version > h.version and r.type in ('journey_resumed', 'journey_closed')) as resumed_at
        from events h where h.type = 'journey_put_on_hold'
      ), held as (
        select w.stream_id, w.started_at, coalesce(sum(extract(epoch from (least(coalesce(h.resumed_at, w.ended_at, ${NOW}), coalesce(w.ended_at, ${NOW})) - greatest(h.held_at, w.started_at))) * 1000) filter (where h.held_at < coalesce(w.ended_at, ${NOW}) and coalesce(h.resumed_at, ${NOW}) > w.started_at), 0) as held_ms
        from waits w left join holds h using (stream_id) group by w.stream_id, w.started_at
      ), clipped as (
        select w.stream_id, w.party,
          greatest(0, extract(epoch from (least(coalesce(w.ended_at, ${to}), ${to}) - greatest(w.started_at, ${from}))) * 1000 - case when w.party = 'person' then hd.held_ms else 0 end) as ms
        from waits w join held hd using (stream_id, started_at) join opened o using (stream_id)
        where w.party is not null and w.started_at < ${to} and (w.ended_at is null or w.ended_at > ${from})
          and (${filter.team ?? null}::text is null or o.team = ${filter.team ?? null}) and (${filter.pathway ?? null}::text is null or o.pathway = ${filter.pathway ?? null})
      )
      select party, sum(ms) as total_ms, count(distinct stream_id) as journeys from clipped group by party`.execute(db);
    const expected = rows.map((r) => ({
      party: r.party,
      totalDays: Math.round((Number(r.total_ms) / DAY) * 10) / 10,
      journeys: Number(r.journeys),
    }));
    expect(
      figures.parties
        .map(({ party, totalDays, journeys }) => ({ party, totalDays, journeys }))
        .sort((a, b) => a.party.localeCompare(b.party)),
    ).toEqual(expected.sort((a, b) => a.party.localeCompare(b.party)));
    expect(figures.parties.length).toBeGreaterThan(2);
  });

  it.each(filters)('reviews: overdue (past the review target, or not started by its date) and due within 28 days (%o)', async (filter) => {
    const figures = await analytics.reviews(filter, 200, NOW);
    // One row per open journey at active or review, straight from the events.
    const plain = await sql<{
      id: string;
      stage: string;
      due: string | null;
      entered_at: Date;
      target: number | null;
      team: string;
      pathway: string;
    }>`
      with opened as (select stream_id, data->>'team' as team, data->>'pathway' as pathway, data->'policy' as policy from events where type = 'journey_opened'),
      stage as (select distinct on (stream_id) stream_id, data->>'to' as stage, occurred_at as entered_at from events where type = 'stage_changed' order by stream_id, version desc),
      due as (
        select distinct on (stream_id) stream_id,
          case when type = 'support_started' then (data->>'nextReviewDue')::date
               else (occurred_at::date + (data->>'nextReviewAfterDays')::int) end as due
        from events where type in ('support_started', 'review_completed') order by stream_id, version desc
      )
      select substr(o.stream_id, 9) as id, s.stage, d.due::text as due, s.entered_at, (o.policy->'targets'->>'review')::float as target, o.team, o.pathway
      from opened o join stage s using (stream_id) left join due d using (stream_id)
      where s.stage in ('active', 'review')`.execute(db);
    const mine = plain.rows.filter((r) => (!filter.team || r.team === filter.team) && (!filter.pathway || r.pathway === filter.pathway));
    const today = NOW.toISOString().slice(0, 10);
    const horizon = new Date(NOW.getTime() + 28 * DAY).toISOString().slice(0, 10);
    const overdue = mine.filter(
      (r) =>
        (r.stage === 'active' && r.due !== null && r.due < today) ||
        (r.stage === 'review' && r.target !== null && r.entered_at.getTime() + r.target * DAY < NOW.getTime()),
    );
    expect(figures.overdue).toBe(overdue.length);
    expect(figures.dueIn28Days).toBe(
      mine.filter((r) => r.stage === 'active' && r.due !== null && r.due >= today && r.due <= horizon).length,
    );
    expect(figures.overdueJourneys).toHaveLength(figures.overdue);
    expect(figures.overdueJourneys.map((j) => j.journeyId).sort()).toEqual(overdue.map((r) => r.id).sort());
    const due = mine.filter((r) => r.stage === 'active' && r.due !== null && r.due >= today && r.due <= horizon);
    expect(figures.dueJourneys.map((j) => [j.journeyId, j.nextReviewDue]).sort()).toEqual(due.map((r) => [r.id, r.due]).sort());
    // A review running late says by how many days (one decimal), counted from its target.
    for (const r of overdue.filter((row) => row.stage === 'review'))
      expect(figures.overdueJourneys.find((j) => j.journeyId === r.id)?.daysOverdue).toBe(
        Math.round(((NOW.getTime() - r.entered_at.getTime()) / DAY - r.target!) * 10) / 10,
      );
  });

  it('filters GET /api/journeys by waiting on, stalled and review overdue, and pages through all of them', async () => {
    const { stages } = await analytics.stages({}, NOW);
    const personHeld = stages.reduce((n, s) => n + (s.waitingOn.person ?? 0), 0);
    const all = async (query: Partial<JourneyListQuery>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listJourneys(db, { limit: 7, ...query, cursor }, DAY, NOW);
        seen.push(...page.journeys.map((j) => j.journeyId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      return seen;
    };
    expect(await all({})).toHaveLength(60);
    expect(await all({ waitingOn: 'person', status: 'open' })).toHaveLength(personHeld);
    expect(await all({ reviewOverdue: true })).toHaveLength((await analytics.reviews({}, 200, NOW)).overdue);
    expect(await all({ stalled: true })).toHaveLength((await analytics.stalled({}, 200, NOW)).journeys.length);
    const southActive = (await analytics.stages({ team: 'south' }, NOW)).stages.find((x) => x.stage === 'active')!.open;
    expect(await all({ team: 'south', stage: 'active' })).toHaveLength(southActive);
  });

  it('lists stalled journeys worst first: over target, by days over', async () => {
    const { journeys } = await analytics.stalled({}, 200, NOW);
    expect(journeys.length).toBeGreaterThan(0);
    const daysOver = journeys.map((j) => j.daysOver);
    expect([...daysOver].sort((a, b) => b - a)).toEqual(daysOver);
    const { rows } = await sql<{ n: string }>`select count(*) as n from (${currentByEvents}) c
      where c.target is not null and ${NOW}::timestamptz > c.entered_at + make_interval(secs => c.target * ${DAY / 1000})`.execute(db);
    expect(journeys.filter((j) => j.daysOver > 0)).toHaveLength(Number(rows[0]!.n));
  });
});
