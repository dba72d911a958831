import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { mayOpenJourney, requireRole, rolesFor } from '../access';
import type { Caller } from '../caller';
import { forbidden, parseInput } from '../errors';
import { idempotencyScope, runIdempotently } from '../idempotency';
import { actorOf } from '../principal';
import type { JourneyReads } from './journey-reads';
import type { JourneyView } from './journey-view';
import type { JourneyWorkflows } from './journey-workflows';
import { OpenJourneyRequest } from './schemas';

/** Opaque, random, and never derived from personal data. */
export const newJourneyId = (): string => randomUUID();

/**
 * Opening a journey for a person (`POST /api/journeys`, the web's "Open a journey"): who may, for which
 * team, once per Idempotency-Key, and the journey as it stands once its workflow has recorded the opening.
 */
export function createOpenJourney(deps: { db: Kysely<Database>; workflows: JourneyWorkflows; reads: JourneyReads }) {
  return async function openJourney(caller: Caller, body: unknown, options: { idempotencyKey?: string } = {}): Promise<JourneyView> {
    const { principal } = caller;
    requireRole(principal, rolesFor.openJourneys, 'open journeys');
    const request = parseInput(OpenJourneyRequest, body);
    if (!mayOpenJourney(principal, request.team))
      throw forbidden('You may open journeys only for your own teams.', [{ path: 'team', message: 'is not one of your teams' }]);
    const journey = await runIdempotently(
      deps.db,
      { scope: idempotencyScope(principal, 'POST /api/journeys'), key: options.idempotencyKey, body, successStatus: 201 },
      newJourneyId,
      async (journeyId) => {
        await deps.workflows.open(journeyId, request, actorOf(principal));
        return deps.reads.view({ journeyId });
      },
    );
    caller.audit(journey.journeyId, 'open journey');
    return journey;
  };
}
