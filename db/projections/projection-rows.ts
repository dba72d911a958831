import { sql, type Insertable, type Transaction } from 'kysely';
import type { Database, DailyStageMovesTable, JourneyStageSpansTable, JourneysTable, JourneyWaitsTable, OpenStageEntriesTable, StageDurationHistogramTable, StageTotalsTable } from '../schema';

type Instant = string | Date;

// Each row as its table takes it (db/schema.ts); a span's end, and a wait's end and time on hold, are kept
// as the fold sets them: read back from JSON (instants as strings) or folded afresh.
export type SpanRow = Insertable<JourneyStageSpansTable> & { left_at: Instant | null };
export type WaitRow = Insertable<JourneyWaitsTable> & { held_ms: number; held_since: Instant | null; ended_at: Instant | null };
/** A journey's row as the projection writes it: its state as JSON itself, not as text. */
export type JourneyRow = Omit<Insertable<JourneysTable>, 'state'> & { state: unknown };
export type HistogramRow = Insertable<StageDurationHistogramTable>;
export type OpenEntryRow = Insertable<OpenStageEntriesTable>;
export type StageTotalRow = Insertable<StageTotalsTable>;
export type DailyMoveRow = Insertable<DailyStageMovesTable>;

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
