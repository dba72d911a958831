import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { connectDatabase } from '../../db/connect';
import { launchBrowser, newSession } from '../support/browser';
import { createDatabase, dropDatabase } from '../support/databases';
import { freePort } from '../support/free-port';
import { descendants, isAlive, startProcess, type StartedProcess } from '../support/start-process';
import { testEnv } from '../support/test-env';
import { act, signIn, summaryValue } from '../support/web-pages';

const JOURNEYS = 30;

/**
 * `npm run demo` as a newcomer runs it, as a real process with small numbers: synthetic journeys written
 * once, each open one with its workflow, and the simulated staff trickling on. Against the test's
 * PostgreSQL server (a database of its own) and Temporal dev server, so that it starts in seconds.
 */
describe('npm run demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbe-demo-'));
  let databaseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    [databaseUrl, browser] = await Promise.all([createDatabase(testEnv.adminDatabaseUrl, 'pbe_demo'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    if (databaseUrl) await dropDatabase(testEnv.adminDatabaseUrl, databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves the dashboard, lets a newcomer drive a synthetic journey, and stops with nothing left running', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TEMPORAL_TASK_QUEUE: `demo-${randomUUID()}`,
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'warn',
    };
    const args = ['--journeys', String(JOURNEYS), '--every-ms', '200', '--policy-day-ms', '2000', '--seed', '3'];
    const demo: StartedProcess = await startProcess(env, `${base}/health`, {
      script: 'scripts/demo.ts',
      args,
      readyOutput: /Demo running/,
    });
    const pid = demo.child.pid!;
    const db = connectDatabase({ url: databaseUrl, maxConnections: 2 });
    let children: number[];
    try {
      expect(demo.output()).toContain(`Wrote ${JOURNEYS} journeys`);
      // Every open synthetic journey got its workflow (nothing else is open before the trickle starts).
      const startedLine = /Started the workflows of (\d+) open journeys/.exec(demo.output());
      const synthetic = await db
        .selectFrom('journeys')
        .select(['journey_id', 'stage', 'coordinator'])
        .where('status', '=', 'open')
        .where('opened_at', '<', new Date(Date.now() - 86_400_000))
        .orderBy('opened_at')
        .execute();
      expect(Number(startedLine?.[1])).toBe(synthetic.length);
      expect(synthetic.length).toBeGreaterThan(0);

      const { context, page } = await newSession(browser, base);
      await signIn(page, 'manager', 'newcomer', '');
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      const openNow = async () => Number(await page.locator('#total-open').innerText());
      const first = await openNow();
      expect(first).toBeGreaterThanOrEqual(synthetic.length);
      // The simulated staff open journeys every tick until they have twenty on the go.
      for (const deadline = Date.now() + 20_000; (await openNow()) === first; await page.reload())
        if (Date.now() > deadline) throw new Error(`the dashboard stayed at ${first} open journeys`);

      // A synthetic journey, driven from its page: its workflow takes the command after its last event.
      const chosen = synthetic[0]!;
      const before = await db
        .selectFrom('journeys')
        .select('version')
        .where('journey_id', '=', chosen.journey_id)
        .executeTakeFirstOrThrow();
      await act(page, chosen.journey_id, 'assign_coordinator', (p) => p.fill('#coordinator', 'newcomer-coordinator'));
      expect(await summaryValue(page, 'Coordinator')).toBe('newcomer-coordinator');
      const after = await db
        .selectFrom('journeys')
        .select(['version', 'coordinator'])
        .where('journey_id', '=', chosen.journey_id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ version: before.version + 1, coordinator: 'newcomer-coordinator' });
      const last = await sql<{
        type: string;
        actor: { sub: string };
      }>`select type, actor from events where stream_id = ${`journey-${chosen.journey_id}`} order by version desc limit 1`.execute(db);
      expect(last.rows[0]).toMatchObject({ type: 'coordinator_assigned', actor: { sub: 'newcomer' } });
      await context.close();
      children = descendants(pid);
    } finally {
      await db.destroy();
      expect(await demo.interrupt()).toBe(0);
    }
    expect(demo.output()).toContain('Stopping the simulated staff');
    expect([pid, ...children].filter(isAlive)).toEqual([]);
  }, 90_000);
});
