import type { ColumnType } from 'kysely';
import type { Int8, Json, Timestamp } from '../column-types';
import type { ColumnSql, SqlType, TableDeclaration } from './table-declaration';

/** What each SQL type is in kysely (as db/schema.ts has it for every table). */
interface KyselyTypes {
  text: string;
  integer: number;
  bigint: Int8;
  'double precision': number;
  boolean: boolean;
  timestamptz: Timestamp;
  date: string;
  jsonb: Json;
}

/** What each SQL type is in a projection's row: as computed, or as read back from JSON. */
interface RowTypes {
  text: string;
  integer: number;
  bigint: number;
  'double precision': number;
  boolean: boolean;
  timestamptz: string | Date;
  date: string;
  jsonb: unknown;
}

type Nullable<T> = T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S | null, I | null, U | null> : T | null;
type ColumnOf<C extends ColumnSql, Types extends Record<SqlType, unknown>> = C extends `${infer S extends SqlType} null`
  ? Nullable<Types[S]>
  : C extends SqlType
    ? Types[C]
    : never;

/** A declared table as kysely's `Database` takes it. */
type KyselyTableOf<T extends TableDeclaration> = { -readonly [K in keyof T['columns']]: ColumnOf<T['columns'][K], KyselyTypes> };

/** A row of a declared table as a projection returns it: every column, none optional. */
export type RowOf<T extends TableDeclaration> = { -readonly [K in keyof T['columns']]: ColumnOf<T['columns'][K], RowTypes> };

/** Rows of the declared tables `T` (a union), by each table's `rows` name. */
export type RowsOf<T extends TableDeclaration> = { [D in T as D['rows']]: RowOf<D>[] };

/** The declared tables `T` (a union) as part of kysely's `Database`. */
export type DatabaseOf<T extends TableDeclaration> = { [D in T as D['name']]: KyselyTableOf<D> };
