import type { Kysely } from 'kysely';
import type { TemplateId } from '../../domain/messages';
import type { DuePointKind } from '../../domain/vocabulary';
import { preferencesOf, type ContactPreferences } from '../../db/queries/person-preferences';
import type { Database } from '../../db/schema';
import type { EventNotification, Notification } from './channel';
import type { Representative } from './compose';
import type { NewOutboxRow } from './outbox';

/** The template for a timer point: the person's reminders and invitation, staff tasks for the rest. */
function templateOf(kind: DuePointKind): TemplateId {
  switch (kind) {
    case 'person_reminder':
    case 'person_letter':
      return 'reminder';
    case 'review_invitation':
      return 'review_invitation';
    case 'coordinator_task':
      return 'call_or_visit';
    default:
      return 'staff_reminder';
  }
}

/** The representative's own channel: email, else a letter, else a text message; none without any contact. */
function representativeChannel(rep: Representative | null): string | null {
  const c = rep?.contact;
  return c?.email ? 'email' : c?.address ? 'letter' : c?.phone ? 'sms' : null;
}

interface PersonView {
  preferences: ContactPreferences;
  representative: Representative | null;
}

async function personOf(db: Kysely<Database>, journeyId: string): Promise<PersonView | null> {
  const [preferences, row] = await Promise.all([
    preferencesOf(db, journeyId),
    db.selectFrom('people').select('representative').where('journey_id', '=', journeyId).executeTakeFirst(),
  ]);
  return row && preferences ? { preferences, representative: row.representative as Representative | null } : null;
}

/** A message to the person in their channel (or the one the point insists on), and a copy for their representative. */
function toPerson(base: Omit<NewOutboxRow, 'recipient' | 'channel'>, person: PersonView | null, channel?: string): NewOutboxRow[] {
  const format = person?.preferences.format ?? 'standard';
  const language = person?.preferences.language ?? 'en';
  const rows: NewOutboxRow[] = [
    { ...base, recipient: 'person', channel: channel ?? person?.preferences.channel ?? 'letter', format, language },
  ];
  // The person may say no copies go to their representative; until they do, the representative gets one.
  const repChannel = person?.preferences.copyToRepresentative === false ? null : representativeChannel(person?.representative ?? null);
  if (repChannel)
    rows.push({
      ...base,
      key: `${base.key}/representative`,
      recipient: 'representative',
      channel: repChannel,
      format,
      language,
      reason: `${base.reason} (copy)`,
    });
  return rows;
}

/**
 * The outbox rows for a timer point. The person's reminders go in their own channel, except the letter
 * that follows unanswered reminders; staff get a task. When a manager is alerted that the organisation is
 * late, the person gets an apology with the new expected date (lesson 7), never a nudge about our delay.
 */
export async function rowsForDuePoint(db: Kysely<Database>, n: Notification): Promise<NewOutboxRow[]> {
  const base = {
    journeyId: n.journeyId,
    key: n.dueKey,
    kind: n.kind,
    dueAt: n.dueAt,
    template: templateOf(n.kind),
    reason: `due point ${n.kind}`,
  };
  if (n.to !== 'person') {
    const rows: NewOutboxRow[] = [{ ...base, recipient: n.to, channel: 'task' }];
    if (n.kind === 'manager_alert')
      rows.push(
        ...toPerson(
          { ...base, key: `${n.dueKey}/apology`, template: 'apology', reason: 'the organisation is late: an apology and a new date' },
          await personOf(db, n.journeyId),
        ),
      );
    return rows;
  }
  return toPerson(base, await personOf(db, n.journeyId), n.kind === 'person_letter' ? 'letter' : undefined);
}

export const eventKey = (eventId: string) => `event:${eventId}`;

/** The outbox rows for an event message: to the person in their channel, and a copy for their representative. */
export async function rowsForEvent(db: Kysely<Database>, n: EventNotification): Promise<NewOutboxRow[]> {
  const base = {
    journeyId: n.journeyId,
    key: eventKey(n.eventId),
    kind: 'event',
    dueAt: n.occurredAt,
    template: n.template,
    eventId: n.eventId,
    reason: `event: ${n.template}`,
  };
  return toPerson(base, await personOf(db, n.journeyId));
}
