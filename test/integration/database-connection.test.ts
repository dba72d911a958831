import { sql } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testEnv } from '../support/test-env';

describe('a pooled connection that loses its server', () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    const database = new URL(testEnv.databaseUrl);
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
  });
  afterAll(() => proxy.close());

  it('fails the statement in hand, not the process, and the pool recovers once the server is back', async () => {
    const url = new URL(testEnv.databaseUrl);
    url.host = `127.0.0.1:${proxy.port}`;
    const db = connectDatabase({ url: url.toString(), maxConnections: 2 });
    try {
      // Checked out between two statements of a transaction when the connection drops: pg emits 'error' on
      // the client, which nobody but our listener hears (an unheard one would end this process).
      const inTransaction = db.transaction().execute(async (tx) => {
        await sql`select 1`.execute(tx);
        proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`select 2`.execute(tx);
      });
      await expect(inTransaction).rejects.toThrow();
      proxy.restore();
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      proxy.restore();
      await db.destroy();
    }
  });
});
