import type { Kysely } from 'kysely';
import { nextSteps } from '../domain/next-steps/next-steps';
import type { JourneyState } from '../domain/state';
import { preferencesOf } from '../db/queries/person-preferences';
import { typicalDaysFor } from '../db/queries/typical-days';
import type { Database } from '../db/schema';
import type { VisibleJourney } from './access';
import { notFound } from './errors';

/**
 * `GET /api/journeys/{id}/next-steps` and the person's own page: the plain-English summary, in the format
 * they asked for, with "how long it usually takes" from past journeys of their pathway where there are enough.
 */
export function createNextSteps(db: Kysely<Database>, policyDayMs: number) {
  return async function nextStepsFor(journey: Pick<VisibleJourney, 'journeyId'>, now = new Date()) {
    const { journeyId } = journey;
    const row = await db.selectFrom('journeys').select(['state', 'pathway', 'team']).where('journey_id', '=', journeyId).executeTakeFirst();
    if (!row) throw notFound();
    const [person, typicalDays] = await Promise.all([preferencesOf(db, journeyId), typicalDaysFor(db, row.pathway)]);
    const format = person?.format === 'easy_read' ? 'easy_read' : 'standard';
    return {
      journeyId,
      format,
      ...nextSteps({
        state: row.state as JourneyState,
        now: now.toISOString(),
        typicalDays,
        contact: { name: `the ${row.team} team` },
        format,
        policyDayMs,
      }),
    };
  };
}
