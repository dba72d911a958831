import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import type { Database } from './schema';

// int8 (global positions, counts) stays a string by default; DATE stays a plain YYYY-MM-DD string so that
// no time zone shifts a date of birth.
types.setTypeParser(types.builtins.DATE, (value) => value);

export interface DatabaseOptions {
  url: string;
  /** Pool size; a managed PostgreSQL usually wants this well under its connection limit. */
  maxConnections?: number;
}

export function connectDatabase(options: DatabaseOptions): Kysely<Database> {
  // Bounded waits: a database that hangs fails the call (and the activity retries) instead of hanging it.
  const pool = new Pool({ connectionString: options.url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (a restart, a failover) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor one that is checked out (between a transaction's statements, or just before its query): pg-pool
  // listens only while a client is idle, and an unheard 'error' event kills the process. The statement in
  // hand fails on its own, and the pool drops the broken client when it comes back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
