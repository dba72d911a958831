import type { Transaction } from 'kysely';
import { evolve, initialState, type JourneyState, type RecordedEvent } from '../../domain';
import type { StoredEvent } from '../event-store';
import type { Database } from '../schema';

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

/** One journey's part of an append: its state before the batch, and each event with the state after it. */
export interface JourneyChanges {
  journeyId: string;
  before: JourneyState;
  /** When the journey was opened, if a row already holds it. */
  openedAt: Date | null;
  steps: Array<{ event: RecordedEvent; after: JourneyState }>;
}

/** A read model fed with the batch's journeys, already folded. */
export type JourneyProjection = (tx: Transaction<Database>, changes: readonly JourneyChanges[]) => Promise<void>;

/**
 * Reads every journey's state before the batch in one query and folds its events once, so the read
 * models share that work instead of each repeating it on every append.
 */
export async function loadJourneyChanges(tx: Transaction<Database>, events: readonly StoredEvent[]): Promise<JourneyChanges[]> {
  const byJourney = groupByJourney(events);
  if (byJourney.size === 0) return [];
  const rows = await tx.selectFrom('journeys').select(['journey_id', 'state', 'opened_at']).where('journey_id', 'in', [...byJourney.keys()]).execute();
  const rowOf = new Map(rows.map((row) => [row.journey_id, row]));
  return [...byJourney].map(([journeyId, stored]) => {
    const row = rowOf.get(journeyId);
    const before = (row?.state as JourneyState | undefined) ?? initialState;
    let state = before;
    const steps = stored.map((event) => {
      const recorded = toRecordedEvent(event);
      state = evolve(state, recorded);
      return { event: recorded, after: state };
    });
    return { journeyId, before, openedAt: row?.opened_at ?? null, steps };
  });
}
