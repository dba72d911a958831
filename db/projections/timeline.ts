import { stageTargetDays } from '../../domain';
import type { JourneyChanges } from './journey-changes';
import { readModel } from './read-model';
import { counterTable, upsertTable } from './table-declaration';
import type { RowOf } from './table-types';

/** One row per stage a journey entered: when, until when, against which captured target. */
const journeyStageSpansTable = upsertTable({
  name: 'journey_stage_spans',
  rows: 'spans',
  key: ['journey_id', 'seq'],
  update: ['left_at'],
  columns: {
    journey_id: 'text',
    seq: 'integer',
    stage: 'text',
    pathway: 'text',
    team: 'text',
    entered_at: 'timestamptz',
    left_at: 'timestamptz null',
    target_days: 'double precision null',
  },
});

/** Who held the ball, from when to when; time on hold is kept apart so that clocks can leave it out. */
const journeyWaitsTable = upsertTable({
  name: 'journey_waits',
  rows: 'waits',
  key: ['journey_id', 'seq'],
  update: ['ended_at', 'held_ms', 'held_since'],
  columns: {
    journey_id: 'text',
    seq: 'integer',
    span_seq: 'integer',
    stage: 'text',
    party: 'text',
    started_at: 'timestamptz',
    ended_at: 'timestamptz null',
    held_ms: 'bigint',
    held_since: 'timestamptz null',
  },
});

/** Completed stage durations per pathway in whole policy days: forecasts read this, never the journeys. */
const stageDurationHistogramTable = counterTable({
  name: 'stage_duration_histogram',
  rows: 'histogram',
  key: ['pathway', 'stage', 'days'],
  counter: 'journeys',
  columns: { pathway: 'text', stage: 'text', days: 'integer', journeys: 'integer' },
});

export type SpanRow = RowOf<typeof journeyStageSpansTable>;
export type WaitRow = RowOf<typeof journeyWaitsTable>;
type HistogramRow = RowOf<typeof stageDurationHistogramTable>;

const ms = (at: string | Date) => new Date(at).getTime();

function closeWait(wait: WaitRow, at: string): void {
  if (wait.held_since) wait.held_ms += ms(at) - ms(wait.held_since);
  wait.held_since = null;
  wait.ended_at = at;
}

// Rows in key order, as for every shared row: concurrent appends never deadlock on them.
const byKey =
  <T>(key: (row: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * Stage spans and who-held-the-ball intervals of each journey, and the histogram of completed stage
 * durations (in policy days) per pathway that forecasts read: new and changed rows, from each journey's
 * last span and wait before the batch.
 */
export function createTimelineProjection(policyDayMs: number) {
  return (changes: readonly JourneyChanges[]) => {
    const spans: SpanRow[] = [];
    const waits: WaitRow[] = [];
    const completed = new Map<string, number>();
    for (const journey of changes) {
      const folded = foldJourney(journey, policyDayMs, completed);
      spans.push(...folded.spans);
      waits.push(...folded.waits);
    }
    const histogram: HistogramRow[] = [...completed].sort(byKey(([key]) => key)).map(([key, journeys]) => {
      const [pathway, stage, days] = key.split('|') as [string, string, string];
      return { pathway, stage, days: Number(days), journeys };
    });
    return { spans, waits, histogram };
  };
}

/** One journey's new and changed spans and waits; completed stage durations are added to `completed`. */
function foldJourney(
  { journeyId, before, steps, lastSpan, lastWait }: JourneyChanges,
  policyDayMs: number,
  completed: Map<string, number>,
): { spans: SpanRow[]; waits: WaitRow[] } {
  let state = before;
  // Copies: the fold changes them, and the rows read are the batch's input.
  let span = lastSpan && { ...lastSpan };
  let wait = lastWait && { ...lastWait, held_ms: Number(lastWait.held_ms) };
  let waitSeq = wait?.seq ?? 0;
  const spans = new Map<number, SpanRow>();
  const waits = new Map<number, WaitRow>();

  const openWait = (party: string, at: string) => {
    wait = {
      journey_id: journeyId,
      seq: ++waitSeq,
      span_seq: span!.seq,
      stage: span!.stage,
      party,
      started_at: at,
      ended_at: null,
      held_ms: 0,
      held_since: state.onHold ? at : null,
    };
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

export const timelineReadModel = readModel(
  [journeyStageSpansTable, journeyWaitsTable, stageDurationHistogramTable],
  createTimelineProjection,
);
