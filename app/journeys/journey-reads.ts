import type { Kysely } from 'kysely';
import { readStream } from '../../db/event-store';
import type { Database } from '../../db/schema';
import { journeyStreamId } from '../../domain/ids';
import { journeyScope, visibleJourney, type VisibleJourney } from '../access';
import type { Caller } from '../caller';
import { notFound } from '../errors';
import { listJourneys, type JourneyListQuery } from './journey-list';
import { journeyView, type JourneyView } from './journey-view';

/**
 * Reading journeys. Each read of one journey starts with `visible`, which marks it on the caller's audit
 * trail under the request's action and answers 404 for a journey the caller may not see; the reads
 * after it take that checked journey, so no page or route can skip the check or make it twice.
 */
export function createJourneyReads(db: Kysely<Database>, policyDayMs: number) {
  async function view(journey: Pick<VisibleJourney, 'journeyId'>): Promise<JourneyView> {
    const row = await db.selectFrom('journeys').selectAll().where('journey_id', '=', journey.journeyId).executeTakeFirst();
    if (!row) throw notFound();
    return journeyView(row);
  }

  return {
    async visible(caller: Caller, journeyId: string, action: string): Promise<VisibleJourney> {
      caller.audit(journeyId, action);
      return visibleJourney(db, caller.principal, journeyId);
    },

    view,

    /** The journey's domain events in order; a command's note shows on the first event it produced. */
    async events(journey: VisibleJourney) {
      const [events, notes] = await Promise.all([
        readStream(db, journeyStreamId(journey.journeyId)),
        db.selectFrom('journey_notes').select(['version', 'note']).where('journey_id', '=', journey.journeyId).execute(),
      ]);
      const noteAt = new Map(notes.map((n) => [n.version, n.note]));
      return events.map(({ eventId, version, type, occurredAt, actor, data }) => ({
        eventId,
        version,
        type,
        occurredAt,
        actor,
        data,
        ...(noteAt.has(version) ? { note: noteAt.get(version) } : {}),
      }));
    },

    /** What the journey has queued for people and staff, oldest first (`GET .../notifications`). */
    async notifications(journey: VisibleJourney) {
      const rows = await db.selectFrom('notifications').selectAll().where('journey_id', '=', journey.journeyId).orderBy('id').execute();
      return rows.map((row) => ({
        id: row.id,
        channel: row.channel,
        template: row.template,
        recipient: row.recipient,
        reason: row.due_key,
        // Mid-send is still queued to the reader: the contract's statuses are queued, sent, delivered, failed.
        status: row.status === 'sending' ? 'queued' : row.status,
        dueAt: row.due_at.toISOString(),
        queuedAt: row.queued_at.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
        failure: row.failure,
        why: row.reason,
        format: row.format,
        language: row.language,
        attempts: row.attempts,
        provider: row.provider,
        providerId: row.provider_id,
        fallbackOf: row.fallback_of,
        deliveredAt: row.delivered_at?.toISOString() ?? null,
        failedAt: row.failed_at?.toISOString() ?? null,
        updatedAt: row.updated_at.toISOString(),
      }));
    },

    /** Journeys newest first, filtered, a page at a time, only those the caller may see; the adapter marks those it shows. */
    list(caller: Caller, query: JourneyListQuery) {
      return listJourneys(db, query, policyDayMs, new Date(), journeyScope(caller.principal));
    },
  };
}

export type JourneyReads = ReturnType<typeof createJourneyReads>;
