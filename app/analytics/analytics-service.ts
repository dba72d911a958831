import { sql, type Kysely, type Selectable } from 'kysely';
import { stages as allStages } from '../../domain/vocabulary';
import type { Database } from '../../db/schema';
import { rollupFor } from '../../db/projections/rollups';

export interface AnalyticsFilter {
  team?: string;
  pathway?: string;
}

/** A review not started by its date, or running past its target: one definition for every view. */
export function reviewOverdue(now: Date) {
  const today = now.toISOString().slice(0, 10);
  return sql<boolean>`((stage = 'active' and next_review_due < ${today}) or (stage = 'review' and over_target_at < ${now}))`;
}

/** The team and pathway filter as SQL, on the columns of `alias` (or unqualified); an absent filter matches all. */
function matchesFilter(filter: AnalyticsFilter, alias?: string) {
  const column = (name: string) => (alias ? sql.ref(`${alias}.${name}`) : sql.ref(name));
  return sql`(${filter.team ?? null}::text is null or ${column('team')} = ${filter.team ?? null}) and (${filter.pathway ?? null}::text is null or ${column('pathway')} = ${filter.pathway ?? null})`;
}

/** A journey with no event for this many policy days (outside active support) is stalled too. */
export const QUIET_DAYS = 30;
const round = (n: number) => Math.round(n * 10) / 10;

/** A journey in the reviews report, as json_agg gives it (dates and times as strings). */
interface ReviewRow {
  journey_id: string;
  team: string;
  pathway: string;
  coordinator: string | null;
  stage: string;
  next_review_due: string | null;
  over_target_at: string | null;
}

/**
 * The managers' figures, read from counters kept by the projections: no request scans every journey.
 * Ages and days are in policy days; `now` is passed in so that tests can fix it.
 */
export function createAnalyticsService(db: Kysely<Database>, policyDayMs: number) {
  const dayOf = (at: Date) => Math.floor(at.getTime() / policyDayMs);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any kysely query builder: its where() overloads differ per table
  const filtered = <T extends { where: (...args: any[]) => T }>(query: T, filter: AnalyticsFilter, prefix = ''): T => {
    let q = query;
    if (filter.team) q = q.where(`${prefix}team` as never, '=', filter.team);
    if (filter.pathway) q = q.where(`${prefix}pathway` as never, '=', filter.pathway);
    return q;
  };

  return {
    /** Per stage: open journeys, who holds the ball, ages, over target and breached (twice the target). */
    async stages(filter: AnalyticsFilter, now = new Date()) {
      const today = dayOf(now);
      const { team, pathway } = rollupFor(filter);
      const where = sql`team = ${team} and pathway = ${pathway}`;
      // Aggregated in the database from the filter's rolled-up rows: a few dozen rows come back.
      const [counts, ages] = await Promise.all([
        sql<{ stage: string; waiting_on: string; n: string; over_target: string | null; breached: string | null }>`
          select stage, waiting_on, sum(journeys) as n,
                 sum(journeys) filter (where target_days > 0 and ${today} - entered_day > target_days) as over_target,
                 sum(journeys) filter (where target_days > 0 and ${today} - entered_day >= 2 * target_days) as breached
          from open_stage_entries where ${where} group by stage, waiting_on`.execute(db),
        // Weighted quantiles: the smallest age whose running count reaches q of the stage's journeys.
        sql<{ stage: string; p50: string; p90: string }>`
          with ages as (
            select stage, ${today} - entered_day as age, sum(journeys) as n from open_stage_entries where ${where} group by stage, entered_day
          ), running as (
            select stage, age, sum(n) over (partition by stage order by age) as seen, sum(n) over (partition by stage) as total from ages
          )
          select stage, min(age) filter (where seen >= 0.5 * total) as p50, min(age) filter (where seen >= 0.9 * total) as p90
          from running group by stage`.execute(db),
      ]);
      return {
        asOf: now.toISOString(),
        stages: allStages
          .filter((stage) => stage !== 'closed')
          .map((stage) => {
            const mine = counts.rows.filter((r) => r.stage === stage);
            const age = ages.rows.find((r) => r.stage === stage);
            const total = (pick: (r: (typeof mine)[number]) => string | null) => mine.reduce((n, r) => n + Number(pick(r) ?? 0), 0);
            return {
              stage,
              open: total((r) => r.n),
              waitingOn: Object.fromEntries(mine.map((r) => [r.waiting_on, Number(r.n)])),
              p50Days: age ? Number(age.p50) : null,
              p90Days: age ? Number(age.p90) : null,
              overTarget: total((r) => r.over_target),
              breached: total((r) => r.breached),
            };
          }),
      };
    },

    /** Journeys past their stage's target, or quiet for too long, worst first. */
    async stalled(filter: AnalyticsFilter, limit: number, now = new Date()) {
      const quietBefore = new Date(now.getTime() - QUIET_DAYS * policyDayMs);
      const base = () =>
        filtered(
          db
            .selectFrom('journeys')
            .select(['journey_id', 'team', 'pathway', 'stage', 'waiting_on', 'coordinator', 'over_target_at', 'updated_at', 'target_days'])
            .where('status', '=', 'open'),
          filter,
        );
      // Each half walks its own partial index; together in one statement, so one round trip.
      const late = base().where('over_target_at', '<', now).orderBy('over_target_at').limit(limit);
      const quiet = base().where('updated_at', '<', quietBefore).where('stage', '<>', 'active').orderBy('updated_at').limit(limit);
      const { rows } = await sql<Selectable<Database['journeys']>>`(${late}) union all (${quiet})`.execute(db);
      const byId = new Map(rows.map((row) => [row.journey_id, row]));
      return {
        asOf: now.toISOString(),
        journeys: [...byId.values()]
          .map((row) => ({
            journeyId: row.journey_id,
            team: row.team,
            pathway: row.pathway,
            stage: row.stage,
            waitingOn: row.waiting_on,
            coordinator: row.coordinator,
            targetDays: row.target_days,
            daysOver:
              row.over_target_at && row.over_target_at < now ? round((now.getTime() - row.over_target_at.getTime()) / policyDayMs) : 0,
            daysSinceLastEvent: round((now.getTime() - row.updated_at.getTime()) / policyDayMs),
          }))
          .sort((a, b) => b.daysOver - a.daysOver || b.daysSinceLastEvent - a.daysSinceLastEvent)
          .slice(0, limit),
      };
    },

    /** Cumulative flow: how many journeys were in each stage at the end of each policy day from..to. */
    async flow(filter: AnalyticsFilter, from: Date, to: Date) {
      const [fromDay, toDay] = [dayOf(from), dayOf(to)];
      const rollup = rollupFor(filter);
      // Counts at the start: the stages' totals now, less every move since (recent rows only, not years of them).
      const [now, moves] = await Promise.all([
        db
          .selectFrom('stage_totals')
          .select(['stage', 'journeys'])
          .where('team', '=', rollup.team)
          .where('pathway', '=', rollup.pathway)
          .execute(),
        db
          .selectFrom('daily_stage_moves')
          .select(['day', 'stage', 'delta'])
          .where('team', '=', rollup.team)
          .where('pathway', '=', rollup.pathway)
          .where('day', '>=', String(fromDay))
          .execute(),
      ]);
      const within = moves.filter((row) => Number(row.day) <= toDay);
      const running = Object.fromEntries(allStages.map((stage) => [stage, 0])) as Record<string, number>;
      for (const row of now) running[row.stage] = row.journeys;
      for (const row of moves) running[row.stage] = (running[row.stage] ?? 0) - row.delta;
      const movesOn = new Map<number, typeof within>();
      for (const row of within) movesOn.set(Number(row.day), [...(movesOn.get(Number(row.day)) ?? []), row]);
      const days = [];
      for (let day = fromDay; day <= toDay; day += 1) {
        for (const row of movesOn.get(day) ?? []) running[row.stage] = (running[row.stage] ?? 0) + row.delta;
        days.push({ date: new Date(day * policyDayMs).toISOString(), counts: { ...running } });
      }
      return {
        from: new Date(fromDay * policyDayMs).toISOString(),
        to: new Date(toDay * policyDayMs).toISOString(),
        stages: allStages,
        days,
      };
    },

    /** Waiting time by party over a period: total days, and the median per journey that waited on them. */
    async waiting(filter: AnalyticsFilter, from: Date, to: Date, now = new Date()) {
      const end = to < now ? to : now;
      const rows = await sql<{ party: string; total_ms: string; median_ms: string; journeys: string }>`
        with clipped as (
          select w.journey_id, w.party,
                 greatest(0, extract(epoch from (least(coalesce(w.ended_at, ${end}), ${end}) - greatest(w.started_at, ${from}))) * 1000
                   - case when w.party = 'person' then w.held_ms else 0 end) as ms
          from journey_waits w
          -- The waits that overlap the period, through the index on when each wait ends (open ones never do).
          where w.started_at < ${end} and coalesce(w.ended_at, 'infinity'::timestamptz) > ${from}
            and ${filter.team || filter.pathway ? sql`w.journey_id in (select journey_id from journeys j where ${matchesFilter(filter, 'j')})` : sql`true`}
        ), per_journey as (
          select journey_id, party, sum(ms) as ms from clipped group by journey_id, party
        )
        select party, sum(ms) as total_ms, percentile_cont(0.5) within group (order by ms) as median_ms, count(*) as journeys
        from per_journey group by party order by sum(ms) desc`.execute(db);
      return {
        from: from.toISOString(),
        to: end.toISOString(),
        parties: rows.rows.map((r) => ({
          party: r.party,
          totalDays: round(Number(r.total_ms) / policyDayMs),
          medianDaysPerJourney: round(Number(r.median_ms) / policyDayMs),
          journeys: Number(r.journeys),
        })),
      };
    },

    /**
     * Reviews due in the next 28 days, and overdue ones: the workflow starts each review on its date, so a
     * review is overdue when it runs past its target, or (should a journey's timer lag) is not started yet.
     */
    async reviews(filter: AnalyticsFilter, limit: number, now = new Date()) {
      const today = now.toISOString().slice(0, 10);
      const horizon = new Date(now.getTime() + 28 * policyDayMs).toISOString().slice(0, 10);
      const only = sql.join(
        [
          sql`status = 'open'`,
          ...(filter.team ? [sql`team = ${filter.team}`] : []),
          ...(filter.pathway ? [sql`pathway = ${filter.pathway}`] : []),
        ],
        sql` and `,
      );
      // Index-friendly parts (no OR that no index serves), answered in one statement: one round trip.
      const notStarted = sql`${only} and stage = 'active' and next_review_due < ${today}`;
      const late = sql`${only} and stage = 'review' and over_target_at < ${now}`;
      const soon = sql`${only} and stage = 'active' and next_review_due >= ${today} and next_review_due <= ${horizon}`;
      const rows = (where: typeof only, order: string) => sql`(select coalesce(json_agg(r), '[]') from (
          select journey_id, team, pathway, coordinator, stage, next_review_due, over_target_at from journeys where ${where}
          order by ${sql.ref(order)} limit ${limit}) r)`;
      const {
        rows: [answer],
      } = await sql<{
        not_started: string;
        late: string;
        soon: string;
        not_started_rows: ReviewRow[];
        late_rows: ReviewRow[];
        soon_rows: ReviewRow[];
      }>`
        select (select count(*) from journeys where ${notStarted}) as not_started,
               (select count(*) from journeys where ${late}) as late,
               (select count(*) from journeys where ${soon}) as soon,
               ${rows(notStarted, 'next_review_due')} as not_started_rows,
               ${rows(late, 'over_target_at')} as late_rows,
               ${rows(soon, 'next_review_due')} as soon_rows`.execute(db);
      const toView = (r: ReviewRow) => ({
        journeyId: r.journey_id,
        team: r.team,
        pathway: r.pathway,
        coordinator: r.coordinator,
        stage: r.stage,
        nextReviewDue: r.next_review_due,
        daysOverdue: r.stage === 'review' && r.over_target_at ? round((now.getTime() - Date.parse(r.over_target_at)) / policyDayMs) : null,
      });
      return {
        asOf: now.toISOString(),
        overdue: Number(answer!.not_started) + Number(answer!.late),
        dueIn28Days: Number(answer!.soon),
        overdueJourneys: [...answer!.not_started_rows, ...answer!.late_rows].slice(0, limit).map(toView),
        dueJourneys: answer!.soon_rows.map(toView),
      };
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
