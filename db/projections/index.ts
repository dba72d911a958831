import type { Projector } from '../event-store';
import { projectJourneySummary } from './journey-summary';
import { createTimelineProjector } from './timeline';

/**
 * Every read model of journey events, in order, updated in the append's transaction. The workflow's
 * activity, the synthetic workload generator and the rebuild all use this one list, so they cannot
 * disagree. Durations are counted in policy days of `policyDayMs`. The timeline reads the summary's
 * row as the state before the batch, so it runs first.
 */
export function journeyProjectors(policyDayMs: number): readonly Projector[] {
  return [createTimelineProjector(policyDayMs), projectJourneySummary];
}
