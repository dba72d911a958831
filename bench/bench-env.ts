import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Config } from '../lib/config';
import { startSystem, type RunningSystem } from '../server/system';
import { ensureTemporalCli } from '../lib/temporal-cli';
import { loadDevServerConfig, startDevServer, type DevServerConfig, type RunningDevServer } from '../lib/temporal-dev-server';
import { workflowBundlerOptions, workflowsPath } from '../worker/create-worker';
import { createDatabase, dropDatabase } from '../test/support/databases';
import { freePort } from '../test/support/free-port';
import type { ApiRequest } from '../test/support/http-client';
import { keepAliveClient } from './keep-alive-client';

export const adminDatabaseUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const quiet = {
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  error: console.error,
  trace: () => undefined,
  log: () => undefined,
};

/** Bundles workflow code once into a file, so that in-process and child workers load the same bundle. */
export async function bundleToFile(path = workflowsPath, name = 'journeys'): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path,
    ...(path === workflowsPath ? workflowBundlerOptions : {}),
    logger: quiet,
  });
  const file = join(tmpdir(), `pbe-bench-${name}-${process.pid}.js`);
  writeFileSync(file, code);
  process.once('exit', () => rmSync(file, { force: true }));
  return file;
}

/** A Temporal dev server of its own on free ports: in memory, or on a SQLite file (chaos restarts it on the same file). */
export async function startBenchDevServer(
  options: { sqliteFile?: string } = {},
): Promise<{ server: RunningDevServer; config: DevServerConfig; restart(): Promise<RunningDevServer> }> {
  const cli = await ensureTemporalCli();
  const config: DevServerConfig = {
    ...loadDevServerConfig(),
    port: await freePort(),
    uiPort: await freePort(),
    headless: true,
    dbFile: options.sqliteFile ?? null,
    logLevel: 'error',
  };
  // BENCH_DYNAMIC_CONFIG='{"system.enableActivityEagerExecution":true}' tries server settings that temporal-dev.yml does not set.
  if (process.env.BENCH_DYNAMIC_CONFIG)
    config.dynamicConfig = { ...config.dynamicConfig, ...(JSON.parse(process.env.BENCH_DYNAMIC_CONFIG) as Record<string, unknown>) };
  const holder = { server: await startDevServer(cli, config) };
  return {
    get server() {
      return holder.server;
    },
    config,
    async restart() {
      holder.server = await startDevServer(cli, config);
      return holder.server;
    },
  };
}

export interface BenchEnv {
  databaseUrl: string;
  dev: Awaited<ReturnType<typeof startBenchDevServer>>;
  workflowBundle: string;
  /** Removes the database, the dev server and the temporary files; safe to call twice. */
  teardown(): Promise<void>;
}

/**
 * What every bench starts from: a fresh database on the PostgreSQL server (created here, dropped at the end),
 * its own Temporal dev server on free ports (never the shared test server), and the workflow bundle.
 */
export async function startBenchEnv(options: { sqlite?: boolean } = {}): Promise<BenchEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'pbe-bench-'));
  const databaseUrl = await createDatabase(adminDatabaseUrl, 'pbe_bench');
  const cleanups: Array<() => Promise<unknown>> = [
    async () => rmSync(dir, { recursive: true, force: true }),
    () => dropDatabase(adminDatabaseUrl, databaseUrl),
  ];
  let done = false;
  const teardown = async () => {
    if (done) return;
    done = true;
    for (const step of cleanups.reverse()) await step().catch((error: Error) => process.stderr.write(`teardown: ${error.message}\n`));
  };
  try {
    const dev = await startBenchDevServer({ sqliteFile: options.sqlite ? join(dir, 'dev.sqlite') : undefined });
    cleanups.push(() => dev.server.stop());
    const workflowBundle = await bundleToFile();
    return { databaseUrl, dev, workflowBundle, teardown };
  } catch (error) {
    await teardown();
    throw error;
  }
}

export interface BenchSystem extends RunningSystem {
  config: Config;
  request: ApiRequest;
}

/** The whole system (API, and a worker unless told otherwise) in this process, on the bench's database and dev server. */
export async function startBenchSystem(
  env: BenchEnv,
  overrides: Partial<Record<keyof Config, string>> = {},
  options: { runWorker?: boolean } = {},
): Promise<BenchSystem> {
  const config = Config.parse({
    PORT: '0',
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.dev.server.address,
    TEMPORAL_TASK_QUEUE: 'journeys',
    LOG_LEVEL: 'silent',
    NOTIFY_CHANNEL: 'outbox',
    COMMAND_TIMEOUT_MS: '60000',
    DATABASE_POOL_MAX: '20',
    // One bench token makes many requests a second: the limiter still runs, at a bound it never reaches.
    RATE_LIMIT_MAX: '1000000',
    ...overrides,
  });
  const system = await startSystem(config, {
    workflowBundle: { codePath: env.workflowBundle },
    httpLogs: false,
    runWorker: options.runWorker,
  });
  const request = keepAliveClient(system.url, config.AUTH_DEV_SECRET);
  const stop = async () => {
    request.close();
    await system.stop();
  };
  return { ...system, stop, config, request };
}

/** Runs a bench's body between an environment's start and teardown, also on Ctrl-C. */
export async function withBenchEnv<T>(options: { sqlite?: boolean }, body: (env: BenchEnv) => Promise<T>): Promise<T> {
  const env = await startBenchEnv(options);
  const onSignal = () => void env.teardown().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    return await body(env);
  } finally {
    process.removeListener('SIGINT', onSignal);
    await env.teardown();
  }
}

/** A bench's entry point: runs it, and on failure prints the stack and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
