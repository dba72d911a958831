import type { JourneyChanges } from './journey-changes';
import type { TableDeclaration } from './table-declaration';
import type { RowsOf } from './table-types';

/** A read model as a pure function of a batch's journeys, already folded: the rows it writes. */
type JourneyProjection<Rows> = (changes: readonly JourneyChanges[]) => Rows;

/** A read model: its tables, and the projection that computes their rows; durations in policy days of `policyDayMs`. */
interface ReadModel<T extends TableDeclaration> {
  readonly tables: readonly T[];
  readonly project: (policyDayMs: number) => JourneyProjection<RowsOf<T>>;
}

export function readModel<const T extends TableDeclaration>(
  tables: readonly T[],
  project: (policyDayMs: number) => JourneyProjection<RowsOf<T>>,
): ReadModel<T> {
  return { tables, project };
}
