import { sql, type Kysely } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { emptyProjectionRows, writeProjectionRows } from '../../db/projections/projection-rows';
import { readModelTables, type ProjectionRows } from '../../db/projections/read-models';
import {
  isNullable,
  sqlTypeOf,
  type CounterTable,
  type SqlType,
  type TableDeclaration,
  type UpsertTable,
} from '../../db/projections/table-declaration';
import type { Database } from '../../db/schema';
import { createDatabase, dropDatabase } from '../support/databases';
import { testEnv } from '../support/test-env';

/** information_schema's name for each declared SQL type. */
const informationSchemaType: Record<SqlType, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  'double precision': 'double precision',
  boolean: 'boolean',
  timestamptz: 'timestamp with time zone',
  date: 'date',
  jsonb: 'jsonb',
};

/** A value no other column of the row has, of the column's type, never null; `round` varies it. */
function distinctive(table: string, column: string, type: SqlType, i: number, round: number): unknown {
  const n = i + 100 * round;
  switch (type) {
    case 'text':
      return `${table}.${column}.${round}`;
    case 'integer':
      return 1000 + n;
    case 'bigint':
      return 3_000_000_000 + n; // past int4
    case 'double precision':
      return n + 0.25;
    case 'boolean':
      return round % 2 === 0; // on_hold defaults to false: round 0 writes true
    case 'timestamptz':
      return new Date(Date.UTC(2030, 0, 1 + n, 12, 34, 56, 789)).toISOString();
    case 'date':
      return new Date(Date.UTC(2031, 0, 1 + n)).toISOString().slice(0, 10);
    case 'jsonb':
      return { table, column, round };
  }
}

function rowOf(table: TableDeclaration, round: number, override: Record<string, unknown> = {}): Record<string, unknown> {
  const row = Object.fromEntries(
    Object.entries(table.columns).map(([column, type], i) => [column, distinctive(table.name, column, sqlTypeOf(type), i, round)]),
  );
  return { ...row, ...override };
}

/** A row as kysely reads it back (Date for timestamptz, int8 as a string). */
function asRead(table: TableDeclaration, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => {
      const type = sqlTypeOf(table.columns[column]!);
      return [column, type === 'timestamptz' ? new Date(value as string) : type === 'bigint' ? String(value) : value];
    }),
  );
}

/** The declarations, each as any table: the checks below are the same for all. */
const tables: readonly TableDeclaration[] = readModelTables;

const keyOf = (table: TableDeclaration, row: Record<string, unknown>) =>
  Object.fromEntries(table.key.map((column) => [column, row[column]]));

describe('read-model tables, declared once', () => {
  let url: string;
  let db: Kysely<Database>;
  beforeAll(async () => {
    url = await createDatabase(testEnv.adminDatabaseUrl, 'pbe_read_models');
    db = connectDatabase({ url });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    await dropDatabase(testEnv.adminDatabaseUrl, url);
  });

  const write = (rows: Partial<Record<string, Array<Record<string, unknown>>>>) =>
    db.transaction().execute((tx) => writeProjectionRows(tx, { ...emptyProjectionRows(), ...rows } as ProjectionRows));
  const read = async (table: TableDeclaration) =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db)).rows;

  it('declares the columns, types, nullability and primary keys the migrations created', async () => {
    const names = tables.map((table) => table.name);
    const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }>`
      select table_name, column_name, data_type, is_nullable from information_schema.columns
      where table_schema = current_schema() and table_name = any(${names}) order by table_name, column_name`.execute(db);
    const keys = await sql<{ table_name: string; column_name: string }>`
      select tc.table_name, kcu.column_name
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu using (constraint_schema, constraint_name, table_name)
      where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema() and tc.table_name = any(${names})
      order by tc.table_name, kcu.ordinal_position`.execute(db);
    const live = Object.fromEntries(
      names.map((name) => [
        name,
        {
          columns: columns.rows.filter((c) => c.table_name === name).map((c) => [c.column_name, c.data_type, c.is_nullable === 'YES']),
          key: keys.rows.filter((k) => k.table_name === name).map((k) => k.column_name),
        },
      ]),
    );
    const declared = Object.fromEntries(
      tables.map((table) => [
        table.name,
        {
          columns: Object.entries(table.columns)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([column, type]) => [column, informationSchemaType[sqlTypeOf(type)], isNullable(type)]),
          key: [...table.key],
        },
      ]),
    );
    expect(declared).toEqual(live);
  });

  it('writes every declared column of every table through write_journey_projections', async () => {
    await write(Object.fromEntries(tables.map((table) => [table.rows, [rowOf(table, 0)]])));
    for (const table of tables) expect({ [table.name]: await read(table) }).toEqual({ [table.name]: [asRead(table, rowOf(table, 0))] });
  });

  it('replaces an upserted row in the columns it declares to update, keeping the others', async () => {
    const upserts = tables.filter((table): table is UpsertTable => table.kind === 'upsert');
    await write(Object.fromEntries(upserts.map((table) => [table.rows, [rowOf(table, 1, keyOf(table, rowOf(table, 0)))]])));
    for (const table of upserts) {
      const [before, after] = [rowOf(table, 0), rowOf(table, 1)];
      const updated = table.update === 'all' ? Object.keys(table.columns).filter((column) => !table.key.includes(column)) : table.update;
      const expected = Object.fromEntries(
        Object.keys(table.columns).map((column) => [column, updated.includes(column) ? after[column] : before[column]]),
      );
      expect({ [table.name]: await read(table) }).toEqual({ [table.name]: [asRead(table, expected)] });
    }
  });

  it('adds to a counter, and deletes its row when the count reaches zero', async () => {
    const counters = tables.filter((table): table is CounterTable => table.kind === 'counter');
    const withCount = (table: CounterTable, count: number) => rowOf(table, 0, { [table.counter]: count });
    const start = (table: CounterTable) => rowOf(table, 0)[table.counter] as number;
    await write(Object.fromEntries(counters.map((table) => [table.rows, [withCount(table, 5)]])));
    for (const table of counters) expect(await read(table)).toEqual([asRead(table, withCount(table, start(table) + 5))]);
    await write(Object.fromEntries(counters.map((table) => [table.rows, [withCount(table, -(start(table) + 5))]])));
    for (const table of counters) expect({ [table.name]: await read(table) }).toEqual({ [table.name]: [] });
  });
});
