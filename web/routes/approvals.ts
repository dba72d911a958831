import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../http/request-context';
import { signedIn } from '../guard';
import type { WebContext } from '../web-context';

/** Plans waiting for sign-off in the approver's teams, longest waiting first, each with approve, return and refuse. */
export function registerApprovalRoutes(app: FastifyInstance, web: WebContext): void {
  app.get('/approvals', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['approver', 'manager', 'admin']);
    if (!principal) return reply;
    const rows = await web.application.worklists.approvals(principal);
    callerOf(request).audit(
      rows.map((row) => row.journey_id),
      'web: list approvals',
    );
    const now = Date.now();
    const plans = rows.map((row) => {
      const budget = row.budget;
      return {
        journeyId: row.journey_id,
        name: row.name ?? row.journey_id.slice(0, 8),
        team: row.team,
        pathway: row.pathway,
        route: budget.signOffRoute,
        waitingOn: row.waiting_on,
        totalPence: budget.final?.totalPence ?? null,
        indicativePence: budget.indicative?.amountPence ?? null,
        variancePence: budget.final?.variancePence ?? null,
        waitingDays: row.stage_entered_at ? Math.floor((now - row.stage_entered_at.getTime()) / web.application.policyDayMs) : null,
      };
    });
    return web.render(reply, 'approvals.njk', { principal, title: 'Plans to sign off', plans });
  });
}
