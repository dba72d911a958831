import type { Insertable, Transaction } from 'kysely';
import { stageTargetDays } from '../../domain';
import type { Database, JourneyStageSpansTable, JourneyWaitsTable } from '../schema';
import type { JourneyChanges, JourneyProjection } from './journey-changes';

type Span = Insertable<JourneyStageSpansTable> & { left_at: string | Date | null };
type Wait = Insertable<JourneyWaitsTable> & { held_ms: number; held_since: string | Date | null; ended_at: string | Date | null };

const ms = (at: string | Date) => new Date(at).getTime();

function closeWait(wait: Wait, at: string): void {
  if (wait.held_since) wait.held_ms += ms(at) - ms(wait.held_since);
  wait.held_since = null;
  wait.ended_at = at;
}

/**
 * Stage spans and who-held-the-ball intervals of each journey, and the histogram of completed stage
 * durations (in policy days) per pathway that forecasts read. A batch's journeys are read with one query
 * per table and written with one statement per table, however many journeys the batch holds.
 */
export function createTimelineProjection(policyDayMs: number): JourneyProjection {
  return async (tx, changes) => {
    const ids = changes.map((c) => c.journeyId);
    if (ids.length === 0) return;
    const [lastSpans, lastWaits] = await Promise.all([
      tx.selectFrom('journey_stage_spans').selectAll().distinctOn('journey_id').where('journey_id', 'in', ids).orderBy('journey_id').orderBy('seq', 'desc').execute(),
      tx.selectFrom('journey_waits').selectAll().distinctOn('journey_id').where('journey_id', 'in', ids).orderBy('journey_id').orderBy('seq', 'desc').execute(),
    ]);
    const spanOf = new Map(lastSpans.map((row) => [row.journey_id, row as Span]));
    const waitOf = new Map(lastWaits.map((row) => [row.journey_id, { ...row, held_ms: Number(row.held_ms) } as Wait]));
    const spans: Span[] = [];
    const waits: Wait[] = [];
    const completed = new Map<string, number>();
    for (const journey of changes) {
      const folded = foldJourney(journey, spanOf.get(journey.journeyId), waitOf.get(journey.journeyId), policyDayMs, completed);
      spans.push(...folded.spans);
      waits.push(...folded.waits);
    }
    await write(tx, spans, waits, completed);
  };
}

/** One journey's new and changed spans and waits; completed stage durations are added to `completed`. */
function foldJourney(
  { journeyId, before, steps }: JourneyChanges,
  lastSpan: Span | undefined,
  lastWait: Wait | undefined,
  policyDayMs: number,
  completed: Map<string, number>,
): { spans: Span[]; waits: Wait[] } {
  let state = before;
  let span = lastSpan;
  let wait = lastWait;
  let waitSeq = wait?.seq ?? 0;
  const spans = new Map<number, Span>();
  const waits = new Map<number, Wait>();

  const openWait = (party: string, at: string) => {
    wait = { journey_id: journeyId, seq: ++waitSeq, span_seq: span!.seq, stage: span!.stage, party, started_at: at, ended_at: null, held_ms: 0, held_since: state.onHold ? at : null };
    waits.set(wait.seq, wait);
  };

  for (const { event, after } of steps) {
    state = after;
    const at = event.occurredAt;
    if (event.type === 'stage_changed') {
      if (wait && !wait.ended_at) {
        closeWait(wait, at);
        waits.set(wait.seq, wait);
      }
      if (span && !span.left_at) {
        span.left_at = at;
        spans.set(span.seq, span);
        // Only stages that moved forward describe how long a stage takes; a closure cuts a stage short.
        if (event.data.to !== 'closed' && state.pathway) {
          const key = `${state.pathway}|${span.stage}|${Math.floor((ms(at) - ms(span.entered_at)) / policyDayMs)}`;
          completed.set(key, (completed.get(key) ?? 0) + 1);
        }
      }
      span = {
        journey_id: journeyId,
        seq: (span?.seq ?? 0) + 1,
        stage: event.data.to,
        pathway: state.pathway ?? 'unknown',
        team: state.team ?? 'unknown',
        entered_at: at,
        left_at: null,
        target_days: stageTargetDays(state) ?? null,
      };
      spans.set(span.seq, span);
      if (event.data.waitingOn) openWait(event.data.waitingOn, at);
    } else if (event.type === 'waiting_on_changed' && span) {
      if (wait && !wait.ended_at) {
        closeWait(wait, at);
        waits.set(wait.seq, wait);
      }
      openWait(event.data.party, at);
    } else if (event.type === 'journey_put_on_hold' && wait && !wait.ended_at) {
      wait.held_since = at;
      waits.set(wait.seq, wait);
    } else if (event.type === 'journey_resumed' && wait && !wait.ended_at && wait.held_since) {
      wait.held_ms += ms(at) - ms(wait.held_since);
      wait.held_since = null;
      waits.set(wait.seq, wait);
    }
  }

  return { spans: [...spans.values()], waits: [...waits.values()] };
}

// Rows in key order, as for every shared row: concurrent appends never deadlock on them.
const byKey = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Statements of at most this many rows stay far below PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 2000;
const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / ROWS_PER_STATEMENT) }, (_, i) => rows.slice(i * ROWS_PER_STATEMENT, (i + 1) * ROWS_PER_STATEMENT));

async function write(tx: Transaction<Database>, spans: Span[], waits: Wait[], completed: Map<string, number>): Promise<void> {
  for (const rows of chunks(spans))
    await tx
      .insertInto('journey_stage_spans')
      .values(rows)
      .onConflict((oc) => oc.columns(['journey_id', 'seq']).doUpdateSet((eb) => ({ left_at: eb.ref('excluded.left_at') })))
      .execute();
  for (const rows of chunks(waits))
    await tx
      .insertInto('journey_waits')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['journey_id', 'seq']).doUpdateSet((eb) => ({
          ended_at: eb.ref('excluded.ended_at'),
          held_ms: eb.ref('excluded.held_ms'),
          held_since: eb.ref('excluded.held_since'),
        })),
      )
      .execute();
  if (completed.size > 0)
    await tx
      .insertInto('stage_duration_histogram')
      .values([...completed].sort(byKey(([key]) => key)).map(([key, journeys]) => {
        const [pathway, stage, days] = key.split('|') as [string, string, string];
        return { pathway, stage, days: Number(days), journeys };
      }))
      .onConflict((oc) => oc.columns(['pathway', 'stage', 'days']).doUpdateSet((eb) => ({ journeys: eb('stage_duration_histogram.journeys', '+', eb.ref('excluded.journeys')) })))
      .execute();
}
