import type { Projector } from '../event-store';
import { loadJourneyChanges } from './journey-changes';
import { createJourneySummaryProjection } from './journey-summary';
import { createStageCountersProjection } from './stage-counters';
import { createTimelineProjection } from './timeline';

/**
 * Every read model of journey events, updated in the append's transaction. The workflow's activity, the
 * synthetic workload generator and the rebuild all use this one list, so they cannot disagree.
 * Durations are counted in policy days of `policyDayMs`. The journeys' states before the batch are read
 * once and folded once, then shared by every projection.
 */
export function journeyProjectors(policyDayMs: number): readonly Projector[] {
  const projections = [createTimelineProjection(policyDayMs), createStageCountersProjection(policyDayMs), createJourneySummaryProjection(policyDayMs)];
  return [
    async (tx, events) => {
      const changes = await loadJourneyChanges(tx, events);
      if (changes.length === 0) return;
      for (const project of projections) await project(tx, changes);
    },
  ];
}
