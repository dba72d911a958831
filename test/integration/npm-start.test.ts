import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { mintDevToken } from '../../http/tokens';
import { Config } from '../../lib/config';
import { loadDevServerConfig, repoRoot } from '../../lib/temporal-dev-server';
import { freePort } from '../support/free-port';
import { isAlive, startProcess } from '../support/start-process';
import { coordinator, openJourneyBody } from '../support/test-system';

const readdirSafe = (path: string) => (existsSync(path) ? readdirSync(path).filter((f) => f.endsWith('.eml')) : []);

/** Process ids of dev servers started with the given database file. */
function devServerPids(dbFile: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('start-dev') && line.includes(dbFile))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('npm start: the whole system on one machine, with the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbe-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the dev server, worker and API on PGlite; Ctrl-C leaves nothing behind; a restart keeps every journey', async () => {
    const dbFile = join(dir, 'temporal.sqlite');
    const devConfig = join(dir, 'temporal-dev.yml');
    writeFileSync(
      devConfig,
      stringify({ ...loadDevServerConfig(), port: await freePort(), uiPort: await freePort(), headless: true, dbFile, logLevel: 'error' }),
    );
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: join(dir, 'data'),
      TEMPORAL_DEV_CONFIG: devConfig,
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      LOG_LEVEL: 'info',
    };
    const api = `http://127.0.0.1:${port}`;
    const authorization = `Bearer ${await mintDevToken(Config.parse({}).AUTH_DEV_SECRET, coordinator)}`;
    const post = (path: string, body: unknown) =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const first = await startProcess(env, `${api}/health`);
    // On loopback the development sign-in is on, and the first thing said is that anyone can sign in as anyone.
    expect(first.output().split('\n')[0]).toMatch(/^Development sign-in is on: anyone who can reach this server can sign in as anyone/);
    const opened = await post('/api/journeys', openJourneyBody());
    expect(opened.status).toBe(201);
    const { journeyId } = (await opened.json()) as { journeyId: string };
    const [serverPid] = devServerPids(dbFile);
    expect(serverPid).toBeDefined();
    expect(first.output()).toContain('Embedded PostgreSQL (PGlite)');
    // Email goes to the local SMTP server, which keeps each message as a file a newcomer can open.
    const mailDir = join(dir, 'data', 'mail');
    for (
      const deadline = Date.now() + 60_000;
      !readdirSafe(mailDir).some((f) =>
        readFileSync(join(mailDir, f), 'utf8').includes('Subject: Your personal health budget: what happens now'),
      );
    ) {
      if (Date.now() > deadline) throw new Error(`no welcome email in ${mailDir}: ${readdirSafe(mailDir).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    expect(await first.interrupt()).toBe(0);
    expect(isAlive(serverPid!)).toBe(false);
    expect(devServerPids(dbFile)).toEqual([]);
    // Logs are structured and carry no personal data.
    expect(first.output()).not.toMatch(/Ada|9434765919|943 476 5919|ada@example/);

    const second = await startProcess(env, `${api}/health`);
    try {
      // The same journey, and its workflow still running in the dev server's database file.
      const assigned = await post(`/api/journeys/${journeyId}/commands`, { type: 'assign_coordinator', coordinator: 'bilal' });
      expect(assigned.status).toBe(200);
      expect(await assigned.json()).toMatchObject({ journeyId, coordinator: 'bilal', version: 5 });
    } finally {
      expect(await second.interrupt()).toBe(0);
    }
  }, 240_000);
});

describe('npm start where people could reach it', () => {
  it('bound to another address than loopback without the identity provider, exits non-zero naming the missing settings, and listens on nothing', async () => {
    const port = await freePort();
    const started = Date.now();
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/start.ts')], {
      cwd: repoRoot,
      env: { ...process.env, HOST: '0.0.0.0', PORT: String(port), DATABASE_URL: '', TEMPORAL_ADDRESS: '' },
      timeout: 60_000,
    });
    const failed = (await run.then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    ))!;
    expect(failed).not.toBeNull();
    expect(failed.code).toBe(1);
    for (const name of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URL', 'PUBLIC_BASE_URL', 'PAYLOAD_KEYS'])
      expect(failed.stderr).toContain(name);
    // Refused before anything started: no embedded database, no dev server, no listener.
    expect(failed.stderr).not.toContain('Embedded PostgreSQL');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(
      await fetch(`http://127.0.0.1:${port}/health`).then(
        () => 'answered',
        () => 'nothing',
      ),
    ).toBe('nothing');
  });
});
