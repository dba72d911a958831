import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Pathway } from '../domain/vocabulary';
import type { AnalyticsService } from './analytics-service';
import { analyticsTeams } from './access';
import { audit } from './audit';
import { requireRole, type Principal } from './auth';
import { HttpError, parseOr400 } from './http-error';

const instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date (YYYY-MM-DD) or an ISO time')
  .transform((s) => new Date(s));
export const Filter = z.object({ team: z.string().min(1).max(100).optional(), pathway: Pathway.optional() });
export const Limited = Filter.extend({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const Period = Filter.extend({ from: instant.optional(), to: instant.optional() });

const viewers = ['manager', 'admin', 'coordinator'];

/**
 * A coordinator's figures are their own team's: `team` must be one of theirs, and defaults to it when
 * they have just one. Managers and admins see every team.
 */
function scoped<F extends { team?: string }>(principal: Principal, filter: F): F {
  const teams = analyticsTeams(principal);
  if (!teams) return filter;
  const team = filter.team ?? (teams.length === 1 ? teams[0] : undefined);
  if (team === undefined) throw new HttpError(400, 'invalid_input', 'Name one of your teams.', [{ path: 'team', message: `is required: one of ${teams.join(', ') || 'your teams'}` }]);
  if (!teams.includes(team)) throw new HttpError(403, 'forbidden', 'You may see the figures of your own teams only.', [{ path: 'team', message: 'is not one of your teams' }]);
  return { ...filter, team };
}

/** The managers' endpoints of api.md: where journeys stall, for how long, and waiting on whom. */
export function registerAnalyticsRoutes(app: FastifyInstance, analytics: AnalyticsService, policyDayMs: number): void {
  const period = (principal: Principal, query: unknown, defaultDays: number) => {
    const { from, to, ...filter } = parseOr400(Period, query);
    const end = to ?? new Date();
    return { filter: scoped(principal, filter), to: end, from: from ?? new Date(end.getTime() - defaultDays * policyDayMs) };
  };

  app.get('/api/analytics/stages', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    return analytics.stages(scoped(request.principal, parseOr400(Filter, request.query)));
  });
  app.get('/api/analytics/stalled', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    const { limit, ...filter } = parseOr400(Limited, request.query);
    const stalled = await analytics.stalled(scoped(request.principal, filter), limit);
    // The lists name journeys: each one shown is a read of that journey, on the audit trail.
    audit(request, stalled.journeys.map((j) => j.journeyId), 'list stalled');
    return stalled;
  });
  app.get('/api/analytics/flow', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    const { filter, from, to } = period(request.principal, request.query, 90);
    if (to.getTime() - from.getTime() > 731 * policyDayMs || to < from)
      throw new HttpError(400, 'invalid_input', 'The period is not valid: see issues.', [{ path: 'from', message: 'from..to must run forwards and span at most two years' }]);
    return analytics.flow(filter, from, to);
  });
  app.get('/api/analytics/waiting', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    const { filter, from, to } = period(request.principal, request.query, 90);
    return analytics.waiting(filter, from, to);
  });
  app.get('/api/analytics/reviews', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    const { limit, ...filter } = parseOr400(Limited, request.query);
    const reviews = await analytics.reviews(scoped(request.principal, filter), limit);
    audit(request, [...reviews.overdueJourneys, ...reviews.dueJourneys].map((j) => j.journeyId), 'list reviews');
    return reviews;
  });
}
