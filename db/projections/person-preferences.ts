import type { JourneyChanges } from './journey-changes';
import { readModel } from './read-model';
import { upsertTable } from './table-declaration';
import type { RowOf } from './table-types';

/**
 * How each person has asked, on their own page or through staff, to hear from us since their journey
 * opened: what they chose at the start stays in `people`; these changes override it (db/person-preferences.ts).
 */
const personPreferencesTable = upsertTable({
  name: 'person_preferences',
  rows: 'personPreferences',
  key: ['journey_id'],
  update: 'all',
  columns: {
    journey_id: 'text',
    channel: 'text null',
    format: 'text null',
    language: 'text null',
    copy_to_representative: 'boolean null',
    updated_at: 'timestamptz',
  },
});

type PreferencesRow = RowOf<typeof personPreferencesTable>;

function project(changes: readonly JourneyChanges[]): { personPreferences: PreferencesRow[] } {
  const personPreferences: PreferencesRow[] = [];
  for (const { journeyId, steps } of changes) {
    const last = [...steps].reverse().find((step) => step.event.type === 'preferences_updated');
    if (!last) continue;
    const chosen = last.after.preferences ?? {};
    personPreferences.push({
      journey_id: journeyId,
      channel: chosen.channel ?? null,
      format: chosen.format ?? null,
      language: chosen.language ?? null,
      copy_to_representative: chosen.copyToRepresentative ?? null,
      updated_at: last.event.occurredAt,
    });
  }
  return { personPreferences };
}

export const personPreferencesReadModel = readModel([personPreferencesTable], () => project);
