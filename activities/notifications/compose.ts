import type { Kysely } from 'kysely';
import { createTimelineReader } from '../../db/queries/timeline';
import { typicalDaysFor } from '../../db/queries/typical-days';
import type { JourneyEvent, JourneyState } from '../../domain';
import { renderMessage, type MessageFormat, type RenderInput, type TemplateId } from '../../domain/messages';
import type { DuePointKind } from '../../domain/vocabulary';
import type { Database } from '../../db/schema';
import { DeliveryFailure, type OutgoingMessage } from './channel';
import type { OutboxRow } from './outbox';

type Contact = { email?: string; phone?: string; address?: string };
export type Preferences = { channel?: 'email' | 'sms' | 'letter'; format?: MessageFormat; language?: string };
export type Representative = { name: string; relationship?: string; contact?: Contact };

/** A postal address as lines: as typed with new lines, or with commas. */
export const addressLines = (address: string | undefined) =>
  (address ?? '')
    .split(/\r?\n|,/)
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * A template that cannot render this journey (a bug) is a final failure of this row, recorded and fallen
 * back from, not an activity retried forever with the journey's timers waiting behind it.
 */
function renderOrFail<T>(render: () => T, template: string): T {
  try {
    return render();
  } catch (error) {
    throw new DeliveryFailure(`could not render ${template}`, true, error instanceof Error ? error.message : String(error));
  }
}

/** The provider's reference: opaque and unique per outbox row, the same on every attempt. */
export const referenceOf = (row: OutboxRow) => `pbe-${row.journey_id}-${row.id}`;

/**
 * Builds the message for an outbox row at send time: the journey as it is now, the event it answers, the
 * forecast, and the person's (or their representative's) name and address, read here and only here, so
 * that no personal data ever travels through Temporal.
 */
export function createComposer(db: Kysely<Database>, policyDayMs: number) {
  const timeline = createTimelineReader(db, policyDayMs);
  return async function compose(row: OutboxRow, now = new Date()): Promise<OutgoingMessage> {
    const [journey, person, event] = await Promise.all([
      db.selectFrom('journeys').select(['state', 'team', 'pathway']).where('journey_id', '=', row.journey_id).executeTakeFirst(),
      db.selectFrom('people').selectAll().where('journey_id', '=', row.journey_id).executeTakeFirst(),
      row.event_id ? db.selectFrom('events').select(['type', 'data']).where('event_id', '=', row.event_id).executeTakeFirst() : undefined,
    ]);
    // Erased or never recorded: there is nobody to write to, which the fallback must hear about.
    if (!journey || !person) throw new DeliveryFailure('no person on record for this journey', true);
    const [forecast, typicalDays] = await Promise.all([
      timeline(row.journey_id, now).then((t) => t?.forecast ?? null),
      typicalDaysFor(db, journey.pathway),
    ]);
    const representative = person.representative as Representative | null;
    const forRepresentative = row.recipient === 'representative';
    if (forRepresentative && !representative) throw new DeliveryFailure('no representative on record', true);
    const contact = ((forRepresentative ? representative?.contact : person.contact) ?? {}) as Contact;
    const preferences = (person.preferences ?? {}) as Preferences;
    const input: RenderInput = {
      template: row.template as TemplateId,
      state: journey.state as JourneyState,
      event: event ? ({ type: event.type, data: event.data } as JourneyEvent) : null,
      dueKind: row.event_id ? null : (row.kind as DuePointKind),
      now: now.toISOString(),
      policyDayMs,
      typicalDays,
      forecast: forecast && {
        completionP50: forecast.completionP50,
        completionP90: forecast.completionP90,
        goal: forecast.goal as 'support_starts' | 'review_complete',
      },
      team: journey.team,
      addressee: forRepresentative ? { name: representative!.name, copyFor: person.name } : { name: person.name },
      format: (row.format ?? preferences.format ?? 'standard') as MessageFormat,
      language: row.language ?? preferences.language ?? 'en',
      nhsNumber: person.nhs_number,
    };
    const message = renderOrFail(() => renderMessage(input), row.template);
    return {
      channel: row.channel as OutgoingMessage['channel'],
      reference: referenceOf(row),
      to: {
        name: forRepresentative ? representative!.name : person.name,
        email: contact.email,
        phone: contact.phone,
        address: addressLines(contact.address),
      },
      message,
    };
  };
}
