import type { Kysely } from 'kysely';
import type { PreferenceChanges } from '../../domain/events';
import type { Database } from '../schema';

/** How the person wants to hear from us now: every field they have chosen, at the start or since. */
export type ContactPreferences = PreferenceChanges;

/**
 * The person's preferences as messages must follow them: what was recorded when the journey opened
 * (`people`), overridden by what they changed since (the person_preferences read model, from their
 * `preferences_updated` events). Null when there is no person on record (never recorded, or erased).
 */
export async function preferencesOf(db: Kysely<Database>, journeyId: string): Promise<ContactPreferences | null> {
  const row = await db
    .selectFrom('people')
    .leftJoin('person_preferences', 'person_preferences.journey_id', 'people.journey_id')
    .select([
      'people.preferences',
      'person_preferences.channel',
      'person_preferences.format',
      'person_preferences.language',
      'person_preferences.copy_to_representative',
    ])
    .where('people.journey_id', '=', journeyId)
    .executeTakeFirst();
  if (!row) return null;
  const changed: ContactPreferences = {
    ...(row.channel !== null && { channel: row.channel as ContactPreferences['channel'] }),
    ...(row.format !== null && { format: row.format as ContactPreferences['format'] }),
    ...(row.language !== null && { language: row.language }),
    ...(row.copy_to_representative !== null && { copyToRepresentative: row.copy_to_representative }),
  };
  return { ...((row.preferences ?? {}) as ContactPreferences), ...changed };
}
