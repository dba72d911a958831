import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { ALL } from '../../db/projections/rollups';
import { Pathway } from '../../domain/vocabulary';
import { requireRole, rolesFor, teamsInScope } from '../access';
import type { Caller } from '../caller';
import { forbidden, invalidInput, parseInput } from '../errors';
import type { Principal } from '../principal';
import { taskFigures } from '../tasks/task-figures';
import type { AnalyticsService } from './analytics-service';

const instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date (YYYY-MM-DD) or an ISO time')
  .transform((s) => new Date(s));
export const Filter = z.object({ team: z.string().min(1).max(100).optional(), pathway: Pathway.optional() });
export const Limited = Filter.extend({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const Period = Filter.extend({ from: instant.optional(), to: instant.optional() });

/**
 * A coordinator's figures are their own team's: `team` must be one of theirs, and defaults to it when
 * they have just one. Managers and admins see every team.
 */
function scoped<F extends { team?: string }>(principal: Principal, filter: F): F {
  const teams = teamsInScope(principal);
  if (!teams) return filter;
  const team = filter.team ?? (teams.length === 1 ? teams[0] : undefined);
  if (team === undefined)
    throw invalidInput('Name one of your teams.', [{ path: 'team', message: `is required: one of ${teams.join(', ') || 'your teams'}` }]);
  if (!teams.includes(team))
    throw forbidden('You may see the figures of your own teams only.', [{ path: 'team', message: 'is not one of your teams' }]);
  return { ...filter, team };
}

/**
 * The managers' reports as callers ask for them (`GET /api/analytics/*`): who may see them, the filter
 * checked and limited to the caller's teams, and a period's bounds. The lists name journeys, and the
 * adapter that shows them marks them on the audit trail.
 */
export function createAnalyticsReports(db: Kysely<Database>, analytics: AnalyticsService, policyDayMs: number) {
  const viewer = (caller: Caller) => requireRole(caller.principal, rolesFor.readAnalytics, 'see analytics');
  const period = (caller: Caller, query: unknown, defaultDays: number) => {
    const { from, to, ...filter } = parseInput(Period, query);
    const end = to ?? new Date();
    return { filter: scoped(caller.principal, filter), to: end, from: from ?? new Date(end.getTime() - defaultDays * policyDayMs) };
  };

  return {
    /** The unscoped reports, for a page that is for managers and admins only (the dashboard). */
    all: analytics,

    stages(caller: Caller, query: unknown) {
      viewer(caller);
      return analytics.stages(scoped(caller.principal, parseInput(Filter, query)));
    },
    stalled(caller: Caller, query: unknown) {
      viewer(caller);
      const { limit, ...filter } = parseInput(Limited, query);
      return analytics.stalled(scoped(caller.principal, filter), limit);
    },
    flow(caller: Caller, query: unknown) {
      viewer(caller);
      const { filter, from, to } = period(caller, query, 90);
      if (to.getTime() - from.getTime() > 731 * policyDayMs || to < from)
        throw invalidInput('The period is not valid: see issues.', [
          { path: 'from', message: 'from..to must run forwards and span at most two years' },
        ]);
      return analytics.flow(filter, from, to);
    },
    waiting(caller: Caller, query: unknown) {
      viewer(caller);
      const { filter, from, to } = period(caller, query, 90);
      return analytics.waiting(filter, from, to);
    },
    reviews(caller: Caller, query: unknown) {
      viewer(caller);
      const { limit, ...filter } = parseInput(Limited, query);
      return analytics.reviews(scoped(caller.principal, filter), limit);
    },

    /** Tasks per team and kind: open, overdue, their ages, and how long those done in the period took (default 90 days). */
    async tasks(caller: Caller, query: unknown, now = new Date()) {
      viewer(caller);
      const { filter, from, to } = period(caller, query, 90);
      const figures = await taskFigures(db, { team: filter.team, from, now: to.getTime() > now.getTime() ? now : to, policyDayMs });
      return { from: from.toISOString(), to: to.toISOString(), asOf: now.toISOString(), figures };
    },

    /** The teams that have journeys, for the dashboard's filter; '*' rows are the counters' all-teams sums, not a team. */
    async teams(): Promise<string[]> {
      const rows = await db.selectFrom('stage_totals').select('team').distinct().where('team', '<>', ALL).execute();
      return [...new Set(rows.map((row) => row.team))].sort();
    },
  };
}
