import type { Kysely } from 'kysely';
import { remainingQuantile } from '../../domain/forecast';
import type { TypicalDays } from '../../domain/next-steps/next-steps';
import type { Stage } from '../../domain/vocabulary';
import type { Database } from '../schema';

/** How long each stage usually takes on a pathway, from past journeys, where there are enough of them. */
export async function typicalDaysFor(db: Kysely<Database>, pathway: string): Promise<TypicalDays> {
  const histogram = await db
    .selectFrom('stage_duration_histogram')
    .select(['stage', 'days', 'journeys'])
    .where('pathway', '=', pathway)
    .execute();
  const typicalDays: TypicalDays = {};
  for (const stage of new Set(histogram.map((row) => row.stage as Stage))) {
    const rows = histogram.filter((row) => row.stage === stage);
    const p50 = remainingQuantile(rows, 0.5);
    const p90 = remainingQuantile(rows, 0.9);
    if (p50 && p90) typicalDays[stage] = { p50: p50.days, p90: p90.days };
  }
  return typicalDays;
}
