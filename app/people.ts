import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { VisibleJourney } from './access';

/** How the person asked to hear from us: the format decides the page's layout. */
export type Format = 'standard' | 'easy_read' | 'large_print';

const formatOf = (preferences: unknown): Format => (preferences as { format?: Format } | null)?.format ?? 'standard';

/**
 * The person behind a journey, as staff pages show them (their name and NHS number, to staff who may see
 * the journey) and as their own page needs them (only their format). Personal details stay in `people`.
 */
export function createPeople(db: Kysely<Database>) {
  return {
    async ofJourney(journey: VisibleJourney): Promise<{ name: string; nhsNumber: string; format: Format } | null> {
      const row = await db
        .selectFrom('people')
        .select(['name', 'nhs_number', 'preferences'])
        .where('journey_id', '=', journey.journeyId)
        .executeTakeFirst();
      return row ? { name: row.name, nhsNumber: row.nhs_number, format: formatOf(row.preferences) } : null;
    },

    async formatOf(journey: VisibleJourney): Promise<Format> {
      const row = await db.selectFrom('people').select('preferences').where('journey_id', '=', journey.journeyId).executeTakeFirst();
      return formatOf(row?.preferences ?? null);
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
