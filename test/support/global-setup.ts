import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ensureTemporalCli } from '../../lib/temporal-cli';
import { loadDevServerConfig, startDevServer } from '../../lib/temporal-dev-server';
import { workflowBundlerOptions, workflowsPath } from '../../worker/create-worker';
import { connectDatabase } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { createDatabase } from './databases';
import { freePort } from './free-port';

/**
 * Starts the real things once for the integration tests: the Temporal dev server from temporal-dev.yml
 * (in memory, on free ports) and a fresh database on the real PostgreSQL server. Never skipped: if the
 * CLI cannot be had, the run fails.
 */
export default async function globalSetup(): Promise<void> {
  const cli = await ensureTemporalCli();
  const config = {
    ...loadDevServerConfig(),
    port: await freePort(),
    uiPort: await freePort(),
    headless: true,
    dbFile: null,
    logLevel: 'error' as const,
  };
  const server = await startDevServer(cli, config);
  (globalThis as Record<string, unknown>).__temporalDevServer = server;

  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseUrl = await createDatabase(adminUrl);
  const db = connectDatabase({ url: databaseUrl });
  await migrateToLatest(db);
  await db.destroy();

  // Bundle the workflows once; each test file's worker loads the same code.
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    ...workflowBundlerOptions,
    logger: {
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      error: console.error,
      trace: () => undefined,
      log: () => undefined,
    },
  });
  const bundlePath = join(tmpdir(), `pbe-workflows-${process.pid}.js`);
  writeFileSync(bundlePath, code);

  Object.assign(process.env, {
    TEST_TEMPORAL_ADDRESS: server.address,
    TEST_ADMIN_DATABASE_URL: adminUrl,
    TEST_DATABASE_URL: databaseUrl,
    TEST_WORKFLOW_BUNDLE: bundlePath,
  });
}
