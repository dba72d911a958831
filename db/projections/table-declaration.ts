/**
 * A read model's table, declared once: its name, key, columns and how a batch's rows are written. The
 * kysely types (table-types.ts), the rows the pure projections return, the rebuild's table list and the
 * SQL of `write_journey_projections` (write-function.ts) are all derived from these declarations; the
 * migration that creates the table must agree, as test/integration/read-model-tables.test.ts checks.
 */

/** The SQL types read models use. */
export type SqlType = 'text' | 'integer' | 'bigint' | 'double precision' | 'boolean' | 'timestamptz' | 'date' | 'jsonb';
/** A column's type; ` null` marks a column that may be null, as in CREATE TABLE. */
export type ColumnSql = SqlType | `${SqlType} null`;
type Columns = Readonly<Record<string, ColumnSql>>;

interface TableShape<Name extends string, Rows extends string, C extends Columns> {
  /** The table, as its migration created it. */
  readonly name: Name;
  /** The name of its rows in `ProjectionRows`, and so in the JSON `write_journey_projections` takes. */
  readonly rows: Rows;
  /** Its primary key, in order. */
  readonly key: readonly (keyof C & string)[];
  readonly columns: C;
}

/** A row per key that each write replaces, in the columns named by `update` (or all but the key). */
export interface UpsertTable<Name extends string = string, Rows extends string = string, C extends Columns = Columns> extends TableShape<
  Name,
  Rows,
  C
> {
  readonly kind: 'upsert';
  readonly update: readonly (keyof C & string)[] | 'all';
}

/**
 * A count per key that each write adds to, its row deleted when the count reaches zero. Rows are written
 * in the order given, which the projection keeps in key order, so that concurrent appends take the rows'
 * locks in the same order and never deadlock.
 */
export interface CounterTable<Name extends string = string, Rows extends string = string, C extends Columns = Columns> extends TableShape<
  Name,
  Rows,
  C
> {
  readonly kind: 'counter';
  readonly counter: keyof C & string;
}

export type TableDeclaration = UpsertTable | CounterTable;

export function upsertTable<const Name extends string, const Rows extends string, const C extends Columns>(
  table: Omit<UpsertTable<Name, Rows, C>, 'kind'>,
): UpsertTable<Name, Rows, C> {
  return { kind: 'upsert', ...table };
}

export function counterTable<const Name extends string, const Rows extends string, const C extends Columns>(
  table: Omit<CounterTable<Name, Rows, C>, 'kind'>,
): CounterTable<Name, Rows, C> {
  return { kind: 'counter', ...table };
}

/** A column's SQL type without its nullability. */
export const sqlTypeOf = (column: ColumnSql): SqlType => column.replace(/ null$/, '') as SqlType;
export const isNullable = (column: ColumnSql): boolean => column.endsWith(' null');
