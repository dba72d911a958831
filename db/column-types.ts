import type { ColumnType } from 'kysely';

/** jsonb: read back parsed, written as JSON text. */
export type Json = ColumnType<unknown, string, string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in when the insert leaves it out. */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** int8: pg gives it back as a string, since it may not fit a JS number. */
export type Int8 = ColumnType<string, number | string, number | string>;
