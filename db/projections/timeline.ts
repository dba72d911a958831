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
 * durations (in policy days) per pathway that forecasts read.
 */
export function createTimelineProjection(policyDayMs: number): JourneyProjection {
  return async (tx, changes) => {
    for (const journey of changes) await projectJourney(tx, journey, policyDayMs);
  };
}

async function projectJourney(tx: Transaction<Database>, { journeyId, before, steps }: JourneyChanges, policyDayMs: number): Promise<void> {
  let state = before;
  let span = (await tx.selectFrom('journey_stage_spans').selectAll().where('journey_id', '=', journeyId).orderBy('seq', 'desc').limit(1).executeTakeFirst()) as Span | undefined;
  const lastWait = await tx.selectFrom('journey_waits').selectAll().where('journey_id', '=', journeyId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let wait = lastWait ? ({ ...lastWait, held_ms: Number(lastWait.held_ms) } as Wait) : undefined;
  let waitSeq = wait?.seq ?? 0;
  const spans = new Map<number, Span>();
  const waits = new Map<number, Wait>();
  const completed = new Map<string, number>();

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

  if (spans.size > 0)
    await tx
      .insertInto('journey_stage_spans')
      .values([...spans.values()])
      .onConflict((oc) => oc.columns(['journey_id', 'seq']).doUpdateSet((eb) => ({ left_at: eb.ref('excluded.left_at') })))
      .execute();
  if (waits.size > 0)
    await tx
      .insertInto('journey_waits')
      .values([...waits.values()])
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
      // Key order, as for every shared counter: concurrent appends never deadlock on the histogram.
      .values([...completed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, journeys]) => {
        const [pathway, stage, days] = key.split('|') as [string, string, string];
        return { pathway, stage, days: Number(days), journeys };
      }))
      .onConflict((oc) => oc.columns(['pathway', 'stage', 'days']).doUpdateSet((eb) => ({ journeys: eb('stage_duration_histogram.journeys', '+', eb.ref('excluded.journeys')) })))
      .execute();
}
