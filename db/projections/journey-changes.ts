import { sql, type Transaction } from 'kysely';
import { evolve, initialState, type JourneyState, type RecordedEvent } from '../../domain';
import { journeyIdOfStream } from '../../domain/ids';
import type { StoredEvent } from '../event-store';
import type { Database } from '../schema';
import type { SpanRow, WaitRow } from './timeline';

/** A batch's journey events, by journey id, in log order; other streams are left out. */
export function groupByJourney(events: readonly StoredEvent[]): Map<string, StoredEvent[]> {
  const byJourney = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const journeyId = journeyIdOfStream(event.streamId);
    if (journeyId === null) continue;
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

/** One journey's part of an append: its state and timeline rows before the batch, and each event with the state after it. */
export interface JourneyChanges {
  journeyId: string;
  before: JourneyState;
  /** When the journey was opened, if a row already holds it. */
  openedAt: Date | null;
  /** The journey's latest stage span and wait before the batch, if any. */
  lastSpan?: SpanRow;
  lastWait?: WaitRow;
  steps: Array<{ event: RecordedEvent; after: JourneyState }>;
}

interface PriorRow {
  journey_id: string;
  state: JourneyState | null;
  opened_at: Date | null;
  last_span: SpanRow | null;
  last_wait: WaitRow | null;
}

/**
 * Reads what every read model needs of the batch's journeys (state, last span, last wait) in one query
 * and folds their events once, so the read models share that work instead of each repeating it.
 */
export async function loadJourneyChanges(tx: Transaction<Database>, events: readonly StoredEvent[]): Promise<JourneyChanges[]> {
  const byJourney = groupByJourney(events);
  if (byJourney.size === 0) return [];
  const { rows } = await sql<PriorRow>`
    select ids.journey_id, j.state, j.opened_at,
      (select to_jsonb(s) from journey_stage_spans s where s.journey_id = ids.journey_id order by s.seq desc limit 1) as last_span,
      (select to_jsonb(w) from journey_waits w where w.journey_id = ids.journey_id order by w.seq desc limit 1) as last_wait
    from unnest(${[...byJourney.keys()]}::text[]) as ids(journey_id)
    left join journeys j on j.journey_id = ids.journey_id
  `.execute(tx);
  const rowOf = new Map(rows.map((row) => [row.journey_id, row]));
  return [...byJourney].map(([journeyId, stored]) => {
    const row = rowOf.get(journeyId);
    const before = row?.state ?? initialState;
    let state = before;
    const steps = stored.map((event) => {
      const recorded = toRecordedEvent(event);
      state = evolve(state, recorded);
      return { event: recorded, after: state };
    });
    return {
      journeyId,
      before,
      openedAt: row?.opened_at ?? null,
      lastSpan: row?.last_span ?? undefined,
      lastWait: row?.last_wait ?? undefined,
      steps,
    };
  });
}
