import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface TaskFigures {
  team: string;
  kind: string;
  open: number;
  overdue: number;
  /** Ages of the open tasks, in policy days. */
  p50AgeDays: number | null;
  p90AgeDays: number | null;
  /** How long tasks done in the period took, open to done, in policy days. */
  p50DaysToComplete: number | null;
  doneInPeriod: number;
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/**
 * Per team and kind: open tasks, the overdue among them (past due and not snoozed), their ages, and how
 * long the tasks done in the period took (`GET /api/analytics/tasks`, the managers' dashboard). Served
 * by the partial indexes on open and done tasks; days are policy days.
 */
export async function taskFigures(
  db: Kysely<Database>,
  options: { teams?: string[]; team?: string; from: Date; now: Date; policyDayMs: number },
): Promise<TaskFigures[]> {
  const { now, from } = options;
  const teams = options.team ? [options.team] : options.teams;
  const dayS = options.policyDayMs / 1000;
  const { rows } = await sql<{
    team: string;
    kind: string;
    open: string;
    overdue: string;
    p50_age: number | null;
    p90_age: number | null;
    p50_done: number | null;
    done: string;
  }>`
    select team, kind,
      count(*) filter (where status = 'open') as open,
      count(*) filter (where status = 'open' and due_at < ${now} and (snoozed_until is null or snoozed_until <= ${now})) as overdue,
      percentile_cont(0.5) within group (order by extract(epoch from ${now}::timestamptz - opened_at)) filter (where status = 'open') / ${dayS} as p50_age,
      percentile_cont(0.9) within group (order by extract(epoch from ${now}::timestamptz - opened_at)) filter (where status = 'open') / ${dayS} as p90_age,
      percentile_cont(0.5) within group (order by extract(epoch from closed_at - opened_at)) filter (where status = 'done') / ${dayS} as p50_done,
      count(*) filter (where status = 'done') as done
    from tasks
    where (status = 'open' or (status = 'done' and closed_at >= ${from}))
      and (${teams ?? null}::text[] is null or team = any(${teams ?? null}::text[]))
    group by team, kind
    order by team, kind`.execute(db);
  return rows.map((row) => ({
    team: row.team,
    kind: row.kind,
    open: Number(row.open),
    overdue: Number(row.overdue),
    p50AgeDays: round(row.p50_age),
    p90AgeDays: round(row.p90_age),
    p50DaysToComplete: round(row.p50_done),
    doneInPeriod: Number(row.done),
  }));
}
