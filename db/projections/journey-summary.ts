import type { Transaction } from 'kysely';
import { evolve, initialState, stageTargetDays, type JourneyState, type RecordedEvent } from '../../domain';
import type { Projector, StoredEvent } from '../event-store';
import type { Database } from '../schema';

/** Journey streams are named after the opaque journey id. */
export const journeyStreamId = (journeyId: string): string => `journey-${journeyId}`;

/** A batch's journey events, by journey id, in log order; other streams are left out. */
export function groupByJourney(events: readonly StoredEvent[]): Map<string, StoredEvent[]> {
  const byJourney = new Map<string, StoredEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith('journey-')) continue;
    const journeyId = event.streamId.slice('journey-'.length);
    const list = byJourney.get(journeyId);
    if (list) list.push(event);
    else byJourney.set(journeyId, [event]);
  }
  return byJourney;
}

export function toRecordedEvent(event: StoredEvent): RecordedEvent {
  return {
    type: event.type,
    data: event.data,
    eventId: event.eventId,
    version: event.version,
    occurredAt: event.occurredAt,
    actor: event.actor,
  } as RecordedEvent;
}

/**
 * Keeps `journeys` equal to the fold of each journey's events, with the same `evolve` the workflow uses,
 * plus the moments the dashboard looks up by index: when the stage goes over target, when a review is due.
 * Runs inside the append's transaction; the row is locked by the stream lock already held.
 */
export function createJourneySummaryProjector(policyDayMs: number): Projector {
  return (tx, events) => projectJourneySummary(tx, events, policyDayMs);
}

async function projectJourneySummary(tx: Transaction<Database>, events: readonly StoredEvent[], policyDayMs: number): Promise<void> {
  for (const [journeyId, streamEvents] of groupByJourney(events)) {
    const row = await tx.selectFrom('journeys').select(['state', 'opened_at']).where('journey_id', '=', journeyId).executeTakeFirst();
    const state = streamEvents.map(toRecordedEvent).reduce(evolve, (row?.state as JourneyState | undefined) ?? initialState);
    if (state.status === 'new' || !state.pathway || !state.team) continue;
    const target = stageTargetDays(state) ?? null;
    const values = {
      journey_id: journeyId,
      pathway: state.pathway,
      team: state.team,
      coordinator: state.coordinator,
      stage: state.stage,
      waiting_on: state.waitingOn,
      stage_entered_at: state.stageEnteredAt,
      on_hold: state.onHold,
      status: state.status,
      state: JSON.stringify(state),
      version: state.version,
      opened_at: row?.opened_at ?? streamEvents[0]!.occurredAt,
      updated_at: streamEvents[streamEvents.length - 1]!.occurredAt,
      target_days: target,
      over_target_at: target !== null && state.stageEnteredAt ? new Date(Date.parse(state.stageEnteredAt) + target * policyDayMs) : null,
      next_review_due: state.nextReviewDue,
    };
    await tx
      .insertInto('journeys')
      .values(values)
      .onConflict((oc) => oc.column('journey_id').doUpdateSet(values))
      .execute();
  }
}
