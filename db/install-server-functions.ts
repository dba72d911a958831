import { sql, type Kysely } from 'kysely';

/** A PL/pgSQL function whose definition lives in TypeScript, installed at start by `installServerFunctions`. */
export interface ServerFunction {
  name: string;
  /** As in CREATE FUNCTION: changing them needs a migration that drops the function first. */
  parameters: string;
  returns: string;
  /** What `pg_proc.prosrc` holds once installed. */
  body: string;
}

/**
 * Creates or replaces each function whose installed body differs from ours, after the migrations. Several
 * processes may start at once: they take turns under one lock, and the later ones find nothing to
 * replace (a replace would also throw away every connection's cached plans of the function).
 */
export async function installServerFunctions<DB>(db: Kysely<DB>, functions: readonly ServerFunction[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('install-server-functions'))`.execute(tx);
    for (const fn of functions) {
      const { rows } = await sql<{ prosrc: string }>`
        select prosrc from pg_proc where proname = ${fn.name} and pronamespace = current_schema()::regnamespace`.execute(tx);
      if (rows.length === 1 && rows[0]!.prosrc === fn.body) continue;
      if (fn.body.includes('$body$')) throw new Error(`The body of ${fn.name} may not contain $body$`);
      await sql
        .raw(`create or replace function ${fn.name}(${fn.parameters}) returns ${fn.returns} language plpgsql as $body$${fn.body}$body$`)
        .execute(tx);
    }
  });
}
