import { sql, type Insertable, type Transaction } from 'kysely';
import type { Database, JourneysTable } from '../schema';

type Instant = string | Date;

/** A stage span as read back (JSON: instants as strings) or as folded afresh. */
export interface SpanRow {
  journey_id: string;
  seq: number;
  stage: string;
  pathway: string;
  team: string;
  entered_at: Instant;
  left_at: Instant | null;
  target_days: number | null;
}

/** Who held the ball, and for how long, within a stage span. */
export interface WaitRow {
  journey_id: string;
  seq: number;
  span_seq: number;
  stage: string;
  party: string;
  started_at: Instant;
  ended_at: Instant | null;
  held_ms: number;
  held_since: Instant | null;
}

/** A journey's row as the projection writes it: its state as JSON itself, not as text. */
export type JourneyRow = Omit<Insertable<JourneysTable>, 'state'> & { state: unknown };

export interface HistogramRow {
  pathway: string;
  stage: string;
  days: number;
  journeys: number;
}

export interface OpenEntryRow {
  team: string;
  pathway: string;
  stage: string;
  waiting_on: string;
  entered_day: number;
  target_days: number;
  journeys: number;
}

export interface StageTotalRow {
  team: string;
  pathway: string;
  stage: string;
  journeys: number;
}

export interface DailyMoveRow {
  day: number;
  team: string;
  pathway: string;
  stage: string;
  delta: number;
}

/**
 * Everything one batch of events changes in the read models, computed by pure functions from the journeys'
 * states and last rows before the batch. Spans, waits and journeys are upserted as given; counters
 * (histogram, open entries, totals, moves) are added to.
 */
export interface ProjectionRows {
  journeys: JourneyRow[];
  spans: SpanRow[];
  waits: WaitRow[];
  histogram: HistogramRow[];
  openEntries: OpenEntryRow[];
  stageTotals: StageTotalRow[];
  dailyMoves: DailyMoveRow[];
}

/**
 * Writes a batch's rows, and deletes the counters it brought to zero, in one call of
 * `write_journey_projections` (migration 0016): one round trip for every read model, where a statement
 * per table took eight, and a plan PostgreSQL keeps per connection. Counter rows come in key order.
 */
export async function writeProjectionRows(tx: Transaction<Database>, rows: ProjectionRows): Promise<void> {
  await sql`select write_journey_projections(${JSON.stringify(rows)}::jsonb)`.execute(tx);
}
