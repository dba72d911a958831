import type { Kysely } from 'kysely';
import { commandRoles, type JourneyCommand } from '../domain/commands';
import type { Database } from '../db/schema';
import type { Principal } from './auth';
import { HttpError } from './http-error';

/**
 * Record-level access: who may see and act on which journey. Shared by the API and the web app, so both
 * answer the same. Managers and admins see every journey; coordinators and approvers the journeys of
 * their teams; a person only the journey named in their token. A journey someone may not see is
 * answered exactly like an unknown one (404), so ids cannot be probed.
 */

/** What the rules need to know of a journey. */
export interface JourneyRef {
  journeyId: string;
  team: string;
}

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

/** May send this command to this journey: a journey they see, and a command of their role. */
export const mayIssueCommand = (principal: Principal, journey: JourneyRef, type: CommandType): boolean =>
  maySeeJourney(principal, journey) && roleMayIssue(principal, type);

/** Every command type this principal may send to this journey (the state may still refuse one: 409). */
export const commandsAllowed = (principal: Principal, journey: JourneyRef): CommandType[] =>
  maySeeJourney(principal, journey) ? (Object.keys(commandRoles) as CommandType[]).filter((type) => roleMayIssue(principal, type)) : [];

/** Who may open a journey, and for which team. */
export const mayOpenJourney = (principal: Principal, team: string): boolean =>
  principal.role === 'manager' || principal.role === 'admin' || (principal.role === 'coordinator' && principal.teams.includes(team));

/** The audit trail of who read or changed a journey: managers and admins only. */
export const mayReadAudit = (principal: Principal): boolean => principal.role === 'manager' || principal.role === 'admin';

/** The analytics: staff who run or oversee the work; coordinators see only their teams' figures. */
export const mayReadAnalytics = (principal: Principal): boolean => ['manager', 'admin', 'coordinator'].includes(principal.role);

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

/** The teams a principal's analytics are limited to, or undefined for all teams. */
export const analyticsTeams = (principal: Principal): string[] | undefined => {
  const scope = journeyScope(principal);
  return scope.all ? undefined : 'teams' in scope ? scope.teams : [];
};

export const notFound = (): HttpError => new HttpError(404, 'not_found', 'No such journey.');

/** The journey if it exists and this principal may see it; otherwise the same 404 either way. */
export async function visibleJourney(db: Kysely<Database>, principal: Principal, journeyId: string): Promise<JourneyRef> {
  // A person's token names their journey: anything else is not theirs, without asking the database.
  if (principal.role === 'person' && principal.journeyId !== journeyId) throw notFound();
  const row = await db.selectFrom('journeys').select(['journey_id', 'team']).where('journey_id', '=', journeyId).executeTakeFirst();
  const journey = row ? { journeyId: row.journey_id, team: row.team } : undefined;
  if (!journey || !maySeeJourney(principal, journey)) throw notFound();
  return journey;
}
