import type { ServerFunction } from '../install-server-functions';
import { readModelTables } from './read-models';
import type { CounterTable, TableDeclaration, UpsertTable } from './table-declaration';

const identifier = /^[a-z_][a-z0-9_]*$/;
const rowsName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The declared names go into SQL text as they are, so they must be plain names. */
function checkNames(table: TableDeclaration): void {
  for (const name of [table.name, ...Object.keys(table.columns)])
    if (!identifier.test(name)) throw new Error(`${table.name}: "${name}" is not a plain SQL name`);
  if (!rowsName.test(table.rows)) throw new Error(`${table.name}: rows name "${table.rows}" is not a plain name`);
}

const list = (columns: readonly string[], prefix = '') => columns.map((column) => `${prefix}${column}`).join(', ');

function upsertStatement(table: UpsertTable): string {
  const columns = Object.keys(table.columns);
  const updated = table.update === 'all' ? columns.filter((column) => !table.key.includes(column)) : table.update;
  const onConflict =
    updated.length === 0 ? 'nothing' : `update set ${updated.map((column) => `${column} = excluded.${column}`).join(', ')}`;
  return `
  insert into ${table.name} as t (${list(columns)})
  select ${list(columns, 'r.')}
  from jsonb_populate_recordset(null::${table.name}, p->'${table.rows}') r
  on conflict (${list(table.key)}) do ${onConflict};
`;
}

// Rows in the order given (key order): concurrent appends then take the rows' locks in the same order.
// PostgreSQL cannot upsert and delete a row in one statement, so a count brought to zero is deleted
// here, by its key only.
function counterStatement(table: CounterTable): string {
  const columns = Object.keys(table.columns);
  const count = table.counter;
  return `
  for z in
    insert into ${table.name} as t (${list(columns)})
    select ${list(columns, 'r.')}
    from jsonb_populate_recordset(null::${table.name}, p->'${table.rows}') with ordinality as r
    order by r.ordinality
    on conflict (${list(table.key)}) do update set ${count} = t.${count} + excluded.${count}
    returning ${list([...table.key, count], 't.')}
  loop
    if z.${count} = 0 then
      delete from ${table.name} t where (${list(table.key, 't.')}) = (${list(table.key, 'z.')}) and t.${count} = 0;
    end if;
  end loop;
`;
}

/**
 * The body of `write_journey_projections(p jsonb)`: each table's rows from `p->'<rows name>'`. Rows
 * that only their journey writes (under its stream's lock) come first; counters, shared by every
 * journey, last, so their row locks are held for the shortest time.
 */
function writeJourneyProjectionsBody(tables: readonly TableDeclaration[]): string {
  tables.forEach(checkNames);
  const upserts = tables.filter((table): table is UpsertTable => table.kind === 'upsert').map(upsertStatement);
  const counters = tables.filter((table): table is CounterTable => table.kind === 'counter').map(counterStatement);
  return `
declare
  z record;
begin${[...upserts, ...counters].join('')}end
`;
}

/**
 * Writes every read model's rows of a batch (computed by the pure projections) in one round trip, and
 * deletes the counters it brought to zero. First created by migration 0016, now generated from the
 * declarations and installed at start.
 */
export const writeJourneyProjectionsFunction: ServerFunction = {
  name: 'write_journey_projections',
  parameters: 'p jsonb',
  returns: 'void',
  body: writeJourneyProjectionsBody(readModelTables),
};
