import { journeySummaryReadModel } from './journey-summary';
import { personPreferencesReadModel } from './person-preferences';
import { stageCountersReadModel } from './stage-counters';
import type { DatabaseOf, RowsOf } from './table-types';
import { tasksReadModel } from './tasks';
import { timelineReadModel } from './timeline';

/**
 * Every read model of journey events: the live append, the workload generator and the rebuild all use
 * this one list. A new read model is its own file (its tables and its projection), the migration that
 * creates its tables, and a line here.
 */
export const readModels = [
  timelineReadModel,
  stageCountersReadModel,
  journeySummaryReadModel,
  tasksReadModel,
  personPreferencesReadModel,
] as const;

type ReadModelTable = (typeof readModels)[number]['tables'][number];
export const readModelTables: readonly ReadModelTable[] = readModels.flatMap((model): readonly ReadModelTable[] => model.tables);

/** Everything one batch of events changes in the read models, by each table's `rows` name. */
export type ProjectionRows = RowsOf<ReadModelTable>;
/** The read models' tables in kysely's `Database`. */
export type ReadModelDatabase = DatabaseOf<ReadModelTable>;
