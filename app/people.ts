import type { Kysely } from 'kysely';
import { preferencesOf, type ContactPreferences } from '../db/queries/person-preferences';
import type { Database } from '../db/schema';
import type { VisibleJourney } from './access';

/** How the person asked to hear from us: the format decides the page's layout. */
export type Format = 'standard' | 'easy_read' | 'large_print';

/**
 * The person behind a journey, as staff pages show them (their name and NHS number, to staff who may see
 * the journey) and as their own page needs them (only their format). Personal details stay in `people`.
 */
export function createPeople(db: Kysely<Database>) {
  return {
    async ofJourney(journey: VisibleJourney): Promise<{ name: string; nhsNumber: string; format: Format } | null> {
      const [row, preferences] = await Promise.all([
        db.selectFrom('people').select(['name', 'nhs_number']).where('journey_id', '=', journey.journeyId).executeTakeFirst(),
        preferencesOf(db, journey.journeyId),
      ]);
      return row ? { name: row.name, nhsNumber: row.nhs_number, format: preferences?.format ?? 'standard' } : null;
    },

    /** How the person wants to hear from us now: their page shows it, and their form starts from it. */
    preferencesOf: (journey: VisibleJourney): Promise<ContactPreferences | null> => preferencesOf(db, journey.journeyId),

    async formatOf(journey: VisibleJourney): Promise<Format> {
      return (await preferencesOf(db, journey.journeyId))?.format ?? 'standard';
    },

    /** Names for a list of journeys the caller was shown (a drill-down): by journey id. */
    async namesOf(journeyIds: string[]): Promise<Map<string, string>> {
      if (journeyIds.length === 0) return new Map();
      const rows = await db.selectFrom('people').select(['journey_id', 'name']).where('journey_id', 'in', journeyIds).execute();
      return new Map(rows.map((row) => [row.journey_id, row.name]));
    },

    /** How many messages the person has been sent (lesson 7: kept informed). */
    async messagesSentTo(journey: VisibleJourney): Promise<number> {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('journey_id', '=', journey.journeyId)
        .where('recipient', '=', 'person')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
