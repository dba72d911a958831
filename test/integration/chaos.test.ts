import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTemporalCli } from '../../lib/temporal-cli';
import { loadDevServerConfig, startDevServer, type DevServerConfig, type RunningDevServer } from '../../lib/temporal-dev-server';
import { freePort } from '../support/free-port';
import { journeyDriver, type StoredEventView } from '../support/journey-driver';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testEnv } from '../support/test-env';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { killHard, startWorkerProcess } from '../support/worker-process';

/** Every acknowledged change once: versions 1..n without a gap, no event id twice. */
function expectWholeStream(events: StoredEventView[]) {
  expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
  expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
}

const pending = <T>(promise: Promise<T>, withinMs: number) =>
  Promise.race([promise.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('pending'), withinMs))]);

describe('chaos, small: PostgreSQL unreachable from the worker for a while', () => {
  let system: TestSystem;
  let proxy: TcpProxy;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    system = await startTestSystem({ COMMAND_TIMEOUT_MS: '90000' }, { runWorker: false });
    const database = new URL(testEnv.databaseUrl);
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    database.host = `127.0.0.1:${proxy.port}`;
    worker = await startWorkerProcess({
      DATABASE_URL: database.toString(),
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.TEMPORAL_TASK_QUEUE,
    });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) await killHard(worker);
    await proxy?.close();
    await system?.stop();
  });

  it('holds a command while the database is away and records it once when it returns', async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    await drive.driveTo(id, 'assessment');
    const before = await drive.events(id);

    proxy.cut();
    const inFlight = drive.send(id, { type: 'record_assessment', outcome: 'eligible', needs: ['personal care'] });
    // The outage lasts a while (the scenario, not a wait for a condition): the append retries meanwhile.
    expect(await pending(inFlight, 5000)).toBe('pending');
    expect(worker!.exitCode).toBeNull();
    proxy.restore();

    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body.stage).toBe('indicative_budget');
    const events = await drive.events(id);
    expectWholeStream(events);
    expect(events.slice(0, before.length)).toEqual(before);
    expect(events.filter((e) => e.type === 'assessment_recorded')).toHaveLength(1);
    // And the journey carries on as usual.
    expect(
      (
        await drive.send(id, {
          type: 'set_indicative_budget',
          amountPence: 1_000_000,
          method: 'ras',
          trace: [{ label: 'RAS', amountPence: 1_000_000 }],
        })
      ).status,
    ).toBe(200);
  }, 120_000);
});

describe('chaos, small: the Temporal dev server killed and restarted on the same database file', () => {
  let config: DevServerConfig;
  let server: RunningDevServer;
  let system: TestSystem;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pbe-chaos-'));
    config = {
      ...loadDevServerConfig(),
      port: await freePort(),
      uiPort: await freePort(),
      headless: true,
      dbFile: join(dir, 'dev.sqlite'),
      logLevel: 'error',
    };
    server = await startDevServer(await ensureTemporalCli(), config);
    system = await startTestSystem({ TEMPORAL_ADDRESS: server.address, COMMAND_TIMEOUT_MS: '60000' });
  });
  afterAll(async () => {
    await system?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries on every journey from where it was, with nothing lost or doubled', async () => {
    const drive = journeyDriver(system);
    const ids = [await drive.open(), await drive.open()];
    for (const id of ids) await drive.driveTo(id, 'assessment');

    server.process.kill('SIGKILL');
    await new Promise((resolve) => server.process.once('exit', resolve));
    server = await startDevServer(await ensureTemporalCli(), config);

    for (const id of ids) {
      const answered = await drive.send(id, { type: 'record_assessment', outcome: 'eligible', needs: ['personal care'] });
      expect(answered.status).toBe(200);
      expect(answered.body.stage).toBe('indicative_budget');
      const events = await drive.events(id);
      expectWholeStream(events);
      expect(events.filter((e) => e.type === 'stage_changed').map((e) => e.data.to)).toEqual([
        'referral',
        'awareness',
        'assessment',
        'indicative_budget',
      ]);
    }
  }, 180_000);
});
