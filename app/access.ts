import type { Kysely } from 'kysely';
import { commandRoles, type JourneyCommand } from '../domain/commands';
import type { Database } from '../db/schema';
import { forbidden, notFound } from './errors';
import type { Principal, Role } from './principal';

/**
 * Record-level access: who may see and act on which journey, the same for the API and the web app.
 * Managers and admins see every journey; coordinators and approvers the journeys of their teams; a
 * person only the journey named in their token. A journey someone may not see is answered exactly like
 * an unknown one (404), so ids cannot be probed.
 */

/** What the rules need to know of a journey. */
export interface JourneyRef {
  journeyId: string;
  team: string;
}

/** A journey this principal was found to see: only `visibleJourney` makes one, so a use case may trust it. */
export type VisibleJourney = JourneyRef & { readonly checkedFor: Principal };

export type CommandType = JourneyCommand['type'];

export function maySeeJourney(principal: Principal, journey: JourneyRef): boolean {
  switch (principal.role) {
    case 'manager':
    case 'admin':
      return true;
    case 'coordinator':
    case 'approver':
      return principal.teams.includes(journey.team);
    case 'person':
      return principal.journeyId !== undefined && principal.journeyId === journey.journeyId;
  }
}

/** The role may send this command at all (api.md's "Who" column), whatever the journey. */
export const roleMayIssue = (principal: Principal, type: CommandType): boolean => commandRoles[type].includes(principal.role);

/** Every command type this principal may send to this journey (the state may still refuse one: 409). */
export const commandsAllowed = (principal: Principal, journey: JourneyRef): CommandType[] =>
  maySeeJourney(principal, journey) ? (Object.keys(commandRoles) as CommandType[]).filter((type) => roleMayIssue(principal, type)) : [];

/** Who may open a journey, and for which team. */
export const mayOpenJourney = (principal: Principal, team: string): boolean =>
  principal.role === 'manager' || principal.role === 'admin' || (principal.role === 'coordinator' && principal.teams.includes(team));

/** The roles of each kind of work that is not about one journey. */
export const rolesFor = {
  openJourneys: ['coordinator', 'manager', 'admin'],
  readAudit: ['manager', 'admin'],
  /** Staff who run or oversee the work; coordinators see only their teams' figures. */
  readAnalytics: ['manager', 'admin', 'coordinator'],
} as const satisfies Record<string, readonly Role[]>;

/** A 403 unless the principal's role is one of `allowed`; `what` completes "The <role> role may not ...". */
export function requireRole(principal: Principal, allowed: readonly string[], what: string): void {
  if (!allowed.includes(principal.role)) throw forbidden(`The ${principal.role} role may not ${what}; allowed: ${allowed.join(', ')}.`);
}

/** Which journeys a list may show this principal: all, those of some teams, or one (a person's own). */
export type JourneyScope = { all: true } | { all: false; teams: string[] } | { all: false; journeyId: string | null };

export function journeyScope(principal: Principal): JourneyScope {
  switch (principal.role) {
    case 'manager':
    case 'admin':
      return { all: true };
    case 'coordinator':
    case 'approver':
      return { all: false, teams: principal.teams };
    case 'person':
      return { all: false, journeyId: principal.journeyId ?? null };
  }
}

/** The teams whose figures and lists a principal may see, or undefined for all teams. */
export const teamsInScope = (principal: Principal): string[] | undefined => {
  const scope = journeyScope(principal);
  return scope.all ? undefined : 'teams' in scope ? scope.teams : [];
};

/** The journey if it exists and this principal may see it; otherwise the same 404 either way. */
export async function visibleJourney(db: Kysely<Database>, principal: Principal, journeyId: string): Promise<VisibleJourney> {
  // A person's token names their journey: anything else is not theirs, without asking the database.
  if (principal.role === 'person' && principal.journeyId !== journeyId) throw notFound();
  const row = await db.selectFrom('journeys').select(['journey_id', 'team']).where('journey_id', '=', journeyId).executeTakeFirst();
  const journey = row ? { journeyId: row.journey_id, team: row.team } : undefined;
  if (!journey || !maySeeJourney(principal, journey)) throw notFound();
  return { ...journey, checkedFor: principal };
}
