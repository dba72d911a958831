import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Pathway } from '../domain/vocabulary';
import type { AnalyticsService } from './analytics-service';
import { requireRole } from './auth';
import { HttpError, parseOr400 } from './http-error';

const instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date (YYYY-MM-DD) or an ISO time')
  .transform((s) => new Date(s));
const Filter = z.object({ team: z.string().min(1).max(100).optional(), pathway: Pathway.optional() });
const Limited = Filter.extend({ limit: z.coerce.number().int().min(1).max(200).default(50) });
const Period = Filter.extend({ from: instant.optional(), to: instant.optional() });

const viewers = ['manager', 'admin', 'coordinator'];

/** The managers' endpoints of api.md: where journeys stall, for how long, and waiting on whom. */
export function registerAnalyticsRoutes(app: FastifyInstance, analytics: AnalyticsService, policyDayMs: number): void {
  const period = (query: unknown, defaultDays: number) => {
    const { from, to, ...filter } = parseOr400(Period, query);
    const end = to ?? new Date();
    return { filter, to: end, from: from ?? new Date(end.getTime() - defaultDays * policyDayMs) };
  };

  app.get('/api/analytics/stages', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    return analytics.stages(parseOr400(Filter, request.query));
  });
  app.get('/api/analytics/stalled', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    const { limit, ...filter } = parseOr400(Limited, request.query);
    return analytics.stalled(filter, limit);
  });
  app.get('/api/analytics/flow', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    const { filter, from, to } = period(request.query, 90);
    if (to.getTime() - from.getTime() > 731 * policyDayMs || to < from)
      throw new HttpError(400, 'invalid_input', 'The period is not valid: see issues.', [{ path: 'from', message: 'from..to must run forwards and span at most two years' }]);
    return analytics.flow(filter, from, to);
  });
  app.get('/api/analytics/waiting', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    const { filter, from, to } = period(request.query, 90);
    return analytics.waiting(filter, from, to);
  });
  app.get('/api/analytics/reviews', async (request) => {
    requireRole(request.principal, viewers, 'see analytics');
    const { limit, ...filter } = parseOr400(Limited, request.query);
    return analytics.reviews(filter, limit);
  });
}
