import type { Projector } from '../event-store';
import { loadJourneyChanges } from './journey-changes';
import { emptyProjectionRows, writeProjectionRows } from './projection-rows';
import { readModels } from './read-models';

/**
 * Every read model of journey events (read-models.ts), updated in the append's transaction. The workflow's
 * activity, the synthetic workload generator and the rebuild all use these projectors, so they cannot disagree.
 * Durations are counted in policy days of `policyDayMs`. What the read models need of the journeys
 * before the batch is read in one query and folded once; each read model is a pure function of that,
 * and their rows are written together (see `writeProjectionRows`).
 */
export function journeyProjectors(policyDayMs: number): readonly Projector[] {
  const projections = readModels.map((model) => model.project(policyDayMs));
  return [
    async (tx, events) => {
      const changes = await loadJourneyChanges(tx, events);
      if (changes.length === 0) return;
      const rows = emptyProjectionRows();
      for (const project of projections) Object.assign(rows, project(changes));
      await writeProjectionRows(tx, rows);
    },
  ];
}
