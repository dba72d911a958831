import { sql } from 'kysely';
import { connectDatabase } from '../../db/connect';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testEnv } from '../support/test-env';
import { journeyDriver } from '../support/journey-driver';
import { coordinator, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';
import { webClient, type PageRequest } from '../support/web-client';

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

describe('the API and the pages while the database is unreachable', () => {
  let proxy: TcpProxy;
  let system: TestSystem;
  let page: PageRequest;
  beforeAll(async () => {
    const database = new URL(testEnv.databaseUrl);
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    database.host = `127.0.0.1:${proxy.port}`;
    system = await startTestSystem({ DATABASE_URL: database.toString() });
    page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
  });
  afterAll(async () => {
    proxy.restore();
    await system?.stop();
    await proxy.close();
  });

  const expectUnavailable = (answer: { status: number; body: any }) => {
    expect(answer.status).toBe(503);
    expect(answer.body.error).toEqual({ code: 'database_unavailable', message: expect.stringMatching(/database is not answering/) });
  };

  it('answers 503 database_unavailable (API) and a 503 page (web), changes nothing, and recovers when it is back', async () => {
    const drive = journeyDriver(system);
    const journeyId = await drive.open();
    const before = await drive.events(journeyId);
    expect((await page('GET', `/journeys/${journeyId}`, { as: coordinator })).status).toBe(200);

    proxy.cut();
    try {
      expectUnavailable(await system.request('GET', `/api/journeys/${journeyId}`));
      expectUnavailable(await system.request('GET', '/api/journeys'));
      expectUnavailable(await drive.send(journeyId, { type: 'assign_coordinator', coordinator: 'alice' }));
      expectUnavailable(
        await system.request('POST', '/api/journeys', {
          body: openJourneyBody({ person: { ...openJourneyBody().person, name: 'Outage Only' } }),
          headers: { 'idempotency-key': 'outage-open' },
        }),
      );
      for (const path of ['/caseload', `/journeys/${journeyId}`]) {
        const shown = await page('GET', path, { as: coordinator });
        expect([path, shown.status]).toEqual([path, 503]);
        expect(shown.headers.get('content-type')).toMatch(/^text\/html/);
        expect(shown.headers.get('retry-after')).toBe('5');
        expect(shown.html).toContain('Sorry, the service is unavailable');
        expect(shown.html).toContain('nothing was changed');
      }
      const posted = await page('POST', `/journeys/${journeyId}/do/assign_coordinator`, {
        as: coordinator,
        form: { coordinator: 'alice' },
      });
      expect(posted.status).toBe(503);
    } finally {
      proxy.restore();
    }

    // Back: the same requests succeed, and none of the refused ones left anything behind.
    const journey = await system.request('GET', `/api/journeys/${journeyId}`);
    expect(journey.status).toBe(200);
    expect(journey.body.coordinator).toBeNull();
    expect((await drive.events(journeyId)).map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
    expect(await system.db.selectFrom('people').select('journey_id').where('name', '=', 'Outage Only').execute()).toEqual([]);
    expect((await page('GET', '/caseload', { as: coordinator })).status).toBe(200);
    expect((await drive.send(journeyId, { type: 'assign_coordinator', coordinator: 'alice' })).status).toBe(200);
    expect(
      (await system.request('POST', '/api/journeys', { body: openJourneyBody(), headers: { 'idempotency-key': 'outage-open' } })).status,
    ).toBe(201);
  }, 60_000);
});
