import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { JourneyState } from '../domain/state';
import { teamsInScope } from './access';
import type { Principal } from './principal';

const LIMIT = 200;

/** A journey on a worklist, with the person's name (shown only to staff who may see the journey). */
export interface WorklistRow {
  journey_id: string;
  pathway: string;
  team: string;
  stage: string;
  waiting_on: string | null;
  on_hold: boolean;
  stage_entered_at: Date | null;
  over_target_at: Date | null;
  target_days: number | null;
  name: string | null;
}

/**
 * The lists staff work from: a coordinator's caseload and the plans waiting for sign-off. Each shows only
 * journeys the principal may see; the page that shows them marks them on the audit trail.
 */
export function createWorklists(db: Kysely<Database>) {
  const columns = [
    'j.journey_id',
    'j.pathway',
    'j.team',
    'j.stage',
    'j.waiting_on',
    'j.on_hold',
    'j.stage_entered_at',
    'j.over_target_at',
    'j.target_days',
    'p.name',
  ] as const;
  return {
    limit: LIMIT,

    /**
     * The coordinator's open journeys, soonest due first, and new referrals in their teams waiting for
     * someone. Only journeys of their teams, as everywhere: one left in another team's hands (they moved
     * team, or were named on another team's journey) is not theirs to see.
     */
    async caseload(principal: Principal): Promise<{ mine: WorklistRow[]; unassigned: WorklistRow[] }> {
      if (principal.teams.length === 0) return { mine: [], unassigned: [] };
      const [mine, unassigned] = await Promise.all([
        db
          .selectFrom('journeys as j')
          .leftJoin('people as p', 'p.journey_id', 'j.journey_id')
          .select(columns)
          .where('j.coordinator', '=', principal.sub)
          .where('j.team', 'in', principal.teams)
          .where('j.status', '=', 'open')
          .orderBy(sql`j.over_target_at asc nulls last`)
          .orderBy('j.stage_entered_at')
          .limit(LIMIT)
          .execute(),
        db
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
      return { mine, unassigned };
    },

    /** Plans waiting for sign-off in the principal's teams (every team for managers and admins), longest waiting first. */
    async approvals(principal: Principal) {
      const teams = teamsInScope(principal);
      let query = db
        .selectFrom('journeys as j')
        .leftJoin('people as p', 'p.journey_id', 'j.journey_id')
        .select(['j.journey_id', 'j.team', 'j.pathway', 'j.waiting_on', 'j.stage_entered_at', 'p.name'])
        // Only the budget of each state: the rest of it is not shown here.
        .select(sql<JourneyState['budget']>`j.state -> 'budget'`.as('budget'))
        .where('j.stage', '=', 'sign_off')
        .where('j.status', '=', 'open')
        .orderBy('j.stage_entered_at')
        .limit(LIMIT);
      if (teams) query = teams.length ? query.where('j.team', 'in', teams) : query.where('j.team', '=', '\u0000none');
      return query.execute();
    },
  };
}
