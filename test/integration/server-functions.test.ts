import { sql, type Kysely } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { appendStreamEventsFunction } from '../../db/event-store/append-function';
import { installServerFunctions, type ServerFunction } from '../../db/install-server-functions';
import { writeJourneyProjectionsFunction } from '../../db/projections/write-function';
import type { Database } from '../../db/schema';
import { testEnv } from '../support/test-env';

/** The pg_proc row of a function: its body, and the transaction that last wrote it. */
async function installed(db: Kysely<Database>, name: string) {
  const { rows } = await sql<{ prosrc: string; xmin: string }>`select prosrc, xmin::text from pg_proc where proname = ${name}`.execute(db);
  return rows;
}

describe('server-side functions installed at start', () => {
  let db: Kysely<Database>;
  beforeAll(() => {
    db = connectDatabase({ url: testEnv.databaseUrl });
  });
  afterAll(async () => {
    await sql`drop function if exists install_test_answer()`.execute(db);
    await db.destroy();
  });

  it('are the bodies in our code once the database is migrated', async () => {
    for (const fn of [appendStreamEventsFunction, writeJourneyProjectionsFunction])
      expect((await installed(db, fn.name)).map((row) => row.prosrc)).toEqual([fn.body]);
  });

  it('are left alone by processes starting together when already the same', async () => {
    const functions = [appendStreamEventsFunction, writeJourneyProjectionsFunction];
    const before = await Promise.all(functions.map((fn) => installed(db, fn.name)));
    await Promise.all(Array.from({ length: 4 }, () => installServerFunctions(db, functions)));
    expect(await Promise.all(functions.map((fn) => installed(db, fn.name)))).toEqual(before);
  });

  it('are replaced when our body changes, once whoever starts first', async () => {
    const answer = (n: number): ServerFunction => ({
      name: 'install_test_answer',
      parameters: '',
      returns: 'integer',
      body: `begin return ${n}; end`,
    });
    await installServerFunctions(db, [answer(1)]);
    await Promise.all(Array.from({ length: 4 }, () => installServerFunctions(db, [answer(2)])));
    const { rows } = await sql<{ n: number }>`select install_test_answer() as n`.execute(db);
    expect(rows).toEqual([{ n: 2 }]);
  });
});
