import type { FastifyInstance } from 'fastify';
import { audit } from '../../api/audit';
import { sql } from 'kysely';
import { signedIn } from '../guard';
import type { WebContext } from '../register-web';

const LIMIT = 200;

/** A coordinator's caseload: their open journeys, soonest due first, and new referrals in their teams waiting for someone. */
export function registerCaseloadRoutes(app: FastifyInstance, web: WebContext): void {
  app.get('/caseload', async (request, reply) => {
    const principal = signedIn(web, request, reply, ['coordinator']);
    if (!principal) return reply;
    const columns = ['j.journey_id', 'j.pathway', 'j.team', 'j.stage', 'j.waiting_on', 'j.on_hold', 'j.stage_entered_at', 'j.over_target_at', 'j.target_days', 'p.name'] as const;
    const [mine, unassigned] = await Promise.all([
      web.db
        .selectFrom('journeys as j')
        .leftJoin('people as p', 'p.journey_id', 'j.journey_id')
        .select(columns)
        .where('j.coordinator', '=', principal.sub)
        .where('j.status', '=', 'open')
        .orderBy(sql`j.over_target_at asc nulls last`)
        .orderBy('j.stage_entered_at')
        .limit(LIMIT)
        .execute(),
      principal.teams.length === 0
        ? Promise.resolve([])
        : web.db
            .selectFrom('journeys as j')
            .leftJoin('people as p', 'p.journey_id', 'j.journey_id')
            .select(columns)
            .where('j.team', 'in', principal.teams)
            .where('j.stage', '=', 'referral')
            .where('j.coordinator', 'is', null)
            .where('j.status', '=', 'open')
            .orderBy('j.opened_at')
            .limit(LIMIT)
            .execute(),
    ]);
    // The page names journeys: each one listed is a read of it, on the audit trail as the API's lists are.
    audit(request, [...mine, ...unassigned].map((row) => row.journey_id), 'web: list caseload');
    const now = Date.now();
    const view = (row: (typeof mine)[number]) => ({
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
      limit: LIMIT,
    });
  });
}
