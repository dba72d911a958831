import type { Projector } from '../event-store';
import { projectJourneySummary } from './journey-summary';

/**
 * Every read model of journey events, updated in the append's transaction. The workflow's activity, the
 * synthetic workload generator and the rebuild all use this one list, so they cannot disagree.
 */
export const journeyProjectors: readonly Projector[] = [projectJourneySummary];
