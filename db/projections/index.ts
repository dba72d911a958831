import type { Projector } from '../event-store';
import { createJourneySummaryProjector } from './journey-summary';
import { createStageCountersProjector } from './stage-counters';
import { createTimelineProjector } from './timeline';

/**
 * Every read model of journey events, in order, updated in the append's transaction. The workflow's
 * activity, the synthetic workload generator and the rebuild all use this one list, so they cannot
 * disagree. Durations are counted in policy days of `policyDayMs`. The others read the summary's row
 * as the state before the batch, so the summary runs last.
 */
export function journeyProjectors(policyDayMs: number): readonly Projector[] {
  return [createTimelineProjector(policyDayMs), createStageCountersProjector(policyDayMs), createJourneySummaryProjector(policyDayMs)];
}
