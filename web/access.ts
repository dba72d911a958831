import type { Kysely } from 'kysely';
import { analyticsTeams, visibleJourney as visibleOr404, type JourneyRef } from '../api/access';
import type { Principal } from '../api/auth';
import { HttpError } from '../api/http-error';
import type { Database } from '../db/schema';

/**
 * Record-level access for the pages: the API's own rules (api/access.ts), so a page shows exactly what
 * the API would answer. Pages render "not found" where the API answers 404.
 */
export { commandsAllowed, maySeeJourney, type JourneyRef } from '../api/access';

/** The journey if it exists and the principal may see it; null either way otherwise, so ids cannot be probed. */
export async function visibleJourney(db: Kysely<Database>, principal: Principal, journeyId: string): Promise<JourneyRef | null> {
  try {
    return await visibleOr404(db, principal, journeyId);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return null;
    throw error;
  }
}

/** The teams whose journeys a staff list shows: undefined for all teams. */
export const teamsInScope = (principal: Principal): string[] | undefined => analyticsTeams(principal);
