import type { FastifyInstance } from 'fastify';
import type { Application } from '../app/application';
import { callerOf } from '../http/request-context';

/** The managers' endpoints of api.md: where journeys stall, for how long, and waiting on whom. */
export function registerAnalyticsRoutes(app: FastifyInstance, application: Application): void {
  const { analytics } = application;
  app.get('/api/analytics/stages', async (request) => analytics.stages(callerOf(request), request.query));
  app.get('/api/analytics/stalled', async (request) => {
    const caller = callerOf(request);
    const stalled = await analytics.stalled(caller, request.query);
    // The lists name journeys: each one shown is a read of that journey, on the audit trail.
    caller.audit(
      stalled.journeys.map((j) => j.journeyId),
      'list stalled',
    );
    return stalled;
  });
  app.get('/api/analytics/flow', async (request) => analytics.flow(callerOf(request), request.query));
  app.get('/api/analytics/waiting', async (request) => analytics.waiting(callerOf(request), request.query));
  app.get('/api/analytics/tasks', async (request) => analytics.tasks(callerOf(request), request.query));
  app.get('/api/analytics/reviews', async (request) => {
    const caller = callerOf(request);
    const reviews = await analytics.reviews(caller, request.query);
    caller.audit(
      [...reviews.overdueJourneys, ...reviews.dueJourneys].map((j) => j.journeyId),
      'list reviews',
    );
    return reviews;
  });
}
