import { stageTargetDays } from '../../domain';
import type { JourneyChanges } from './journey-changes';
import { readModel } from './read-model';
import { upsertTable } from './table-declaration';
import type { RowOf } from './table-types';

/** A journey now, folded from its events by the shared `evolve`. */
const journeysTable = upsertTable({
  name: 'journeys',
  rows: 'journeys',
  key: ['journey_id'],
  update: 'all',
  columns: {
    journey_id: 'text',
    pathway: 'text',
    team: 'text',
    coordinator: 'text null',
    stage: 'text',
    waiting_on: 'text null',
    stage_entered_at: 'timestamptz null',
    on_hold: 'boolean',
    status: 'text',
    state: 'jsonb',
    version: 'integer',
    opened_at: 'timestamptz',
    updated_at: 'timestamptz',
    target_days: 'double precision null',
    over_target_at: 'timestamptz null',
    next_review_due: 'date null',
  },
});

type JourneyRow = RowOf<typeof journeysTable>;

/**
 * Keeps `journeys` equal to the fold of each journey's events, with the same `evolve` the workflow uses,
 * plus the moments the dashboard looks up by index: when the stage goes over target, when a review is due.
 * Written inside the append's transaction; the row is locked by the stream lock already held.
 */
export function createJourneySummaryProjection(policyDayMs: number) {
  return (changes: readonly JourneyChanges[]) => {
    const journeys: JourneyRow[] = [];
    for (const { journeyId, openedAt, steps } of changes) {
      const state = steps[steps.length - 1]!.after;
      if (state.status === 'new' || !state.pathway || !state.team) continue;
      const target = stageTargetDays(state) ?? null;
      journeys.push({
        journey_id: journeyId,
        pathway: state.pathway,
        team: state.team,
        coordinator: state.coordinator,
        stage: state.stage,
        waiting_on: state.waitingOn,
        stage_entered_at: state.stageEnteredAt,
        on_hold: state.onHold,
        status: state.status,
        state,
        version: state.version,
        opened_at: openedAt ?? steps[0]!.event.occurredAt,
        updated_at: steps[steps.length - 1]!.event.occurredAt,
        target_days: target,
        over_target_at: target !== null && state.stageEnteredAt ? new Date(Date.parse(state.stageEnteredAt) + target * policyDayMs) : null,
        next_review_due: state.nextReviewDue,
      });
    }
    return { journeys };
  };
}

export const journeySummaryReadModel = readModel([journeysTable], createJourneySummaryProjection);
