import type { Kysely } from 'kysely';
import { nextSteps, type JourneyState, type TypicalDays } from '../domain';
import { remainingQuantile } from '../domain/forecast';
import type { Stage } from '../domain/vocabulary';
import type { Database } from '../db/schema';
import { HttpError } from './http-error';

/** How long each stage usually takes on a pathway, from past journeys, where there are enough of them. */
export async function typicalDaysFor(db: Kysely<Database>, pathway: string): Promise<TypicalDays> {
  const histogram = await db.selectFrom('stage_duration_histogram').select(['stage', 'days', 'journeys']).where('pathway', '=', pathway).execute();
  const typicalDays: TypicalDays = {};
  for (const stage of new Set(histogram.map((row) => row.stage as Stage))) {
    const rows = histogram.filter((row) => row.stage === stage);
    const p50 = remainingQuantile(rows, 0.5);
    const p90 = remainingQuantile(rows, 0.9);
    if (p50 && p90) typicalDays[stage] = { p50: p50.days, p90: p90.days };
  }
  return typicalDays;
}

/**
 * `GET /api/journeys/{id}/next-steps`: the person's plain-English summary, in the format they asked for,
 * with "how long it usually takes" from past journeys of their pathway where there are enough.
 */
export function createNextStepsService(db: Kysely<Database>, policyDayMs: number) {
  return async function nextStepsFor(journeyId: string, now = new Date()) {
    const journey = await db.selectFrom('journeys').select(['state', 'pathway', 'team']).where('journey_id', '=', journeyId).executeTakeFirst();
    if (!journey) throw new HttpError(404, 'not_found', 'No such journey.');
    const [person, typicalDays] = await Promise.all([
      db.selectFrom('people').select('preferences').where('journey_id', '=', journeyId).executeTakeFirst(),
      typicalDaysFor(db, journey.pathway),
    ]);
    const format = (person?.preferences as { format?: string } | undefined)?.format === 'easy_read' ? 'easy_read' : 'standard';
    return {
      journeyId,
      format,
      ...nextSteps({
        state: journey.state as JourneyState,
        now: now.toISOString(),
        typicalDays,
        contact: { name: `the ${journey.team} team` },
        format,
        policyDayMs,
      }),
    };
  };
}
