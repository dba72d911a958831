import type { FastifyInstance } from 'fastify';
import type { WorklistRow } from '../../app/worklists';
import { callerOf } from '../../http/request-context';
import { signedIn } from '../guard';
import type { WebContext } from '../web-context';

/** A coordinator's caseload: their open journeys, soonest due first, and new referrals in their teams waiting for someone. */
export function registerCaseloadRoutes(app: FastifyInstance, web: WebContext): void {
  app.get('/caseload', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['coordinator']);
    if (!principal) return reply;
    const { mine, unassigned } = await web.application.worklists.caseload(principal);
    // The page names journeys: each one listed is a read of it, on the audit trail as the API's lists are.
    callerOf(request).audit(
      [...mine, ...unassigned].map((row) => row.journey_id),
      'web: list caseload',
    );
    const now = Date.now();
    const view = (row: WorklistRow) => ({
      journeyId: row.journey_id,
      name: row.name ?? row.journey_id.slice(0, 8),
      pathway: row.pathway,
      team: row.team,
      stage: row.stage,
      waitingOn: row.waiting_on,
      onHold: row.on_hold,
      dueAt: row.over_target_at?.toISOString() ?? null,
      late: row.over_target_at !== null && row.over_target_at.getTime() < now,
      mine: row.waiting_on === 'coordinator',
    });
    const journeys = mine.map(view);
    return web.render(reply, 'caseload.njk', {
      principal,
      title: 'My caseload',
      // What needs me next: the journeys waiting on me come first, each group soonest due first.
      needsMe: journeys.filter((j) => j.mine && !j.onHold),
      waitingOnOthers: journeys.filter((j) => !j.mine || j.onHold),
      unassigned: unassigned.map(view),
      limit: web.application.worklists.limit,
    });
  });
}
