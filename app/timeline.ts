import type { Kysely } from 'kysely';
import { createTimelineReader, type Timeline } from '../db/queries/timeline';
import type { Database } from '../db/schema';
import type { VisibleJourney } from './access';
import { notFound } from './errors';

/** `GET /api/journeys/{id}/timeline` and the journey page's timeline: days against targets, who held the ball, a forecast. */
export function createTimeline(db: Kysely<Database>, policyDayMs: number) {
  const read = createTimelineReader(db, policyDayMs);
  return async function timeline(journey: Pick<VisibleJourney, 'journeyId'>, now = new Date()): Promise<Timeline> {
    const found = await read(journey.journeyId, now);
    if (!found) throw notFound();
    return found;
  };
}
