import type { FastifyInstance } from 'fastify';
import { audit } from '../../api/audit';
import { sql } from 'kysely';
import type { JourneyState } from '../../domain/state';
import { teamsInScope } from '../access';
import { signedIn } from '../guard';
import type { WebContext } from '../register-web';

/** Plans waiting for sign-off in the approver's teams, longest waiting first, each with approve, return and refuse. */
export function registerApprovalRoutes(app: FastifyInstance, web: WebContext): void {
  app.get('/approvals', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['approver', 'manager', 'admin']);
    if (!principal) return reply;
    const teams = teamsInScope(principal);
    let query = web.db
      .selectFrom('journeys as j')
      .leftJoin('people as p', 'p.journey_id', 'j.journey_id')
      .select(['j.journey_id', 'j.team', 'j.pathway', 'j.waiting_on', 'j.stage_entered_at', 'p.name'])
      // Only the budget of each state: the rest of it is not shown here.
      .select(sql<JourneyState['budget']>`j.state -> 'budget'`.as('budget'))
      .where('j.stage', '=', 'sign_off')
      .where('j.status', '=', 'open')
      .orderBy('j.stage_entered_at')
      .limit(200);
    if (teams) query = teams.length ? query.where('j.team', 'in', teams) : query.where('j.team', '=', '\u0000none');
    const rows = await query.execute();
    audit(request, rows.map((row) => row.journey_id), 'web: list approvals');
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
        waitingDays: row.stage_entered_at ? Math.floor((now - row.stage_entered_at.getTime()) / web.policyDayMs) : null,
      };
    });
    return web.render(reply, 'approvals.njk', { principal, title: 'Plans to sign off', plans });
  });
}
