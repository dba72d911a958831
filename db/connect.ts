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

/** Socket errors of a server that is gone, refusing, or unreachable. */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** pg and pg-pool say these in words, with no code: the connection dropped, never came, or the pool waited in vain. */
const lostConnection =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection ended unexpectedly)/;

/**
 * True when the error means PostgreSQL could not be reached or dropped the connection (not that it refused
 * a statement): a dependency is down, and the request can be tried again. SQLSTATE class 08 (connection
 * exception), 57P01-57P03 (the server shutting down or starting) and 53300 (no connection slots) count;
 * so does a cause or an AggregateError (Node's connection attempts to each address) holding one.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (socketCodes.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)))
    return true;
  if (typeof message === 'string' && lostConnection.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
