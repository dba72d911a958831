import { rmSync } from 'node:fs';
import type { RunningDevServer } from '../../lib/temporal-dev-server';
import { dropDatabase } from './databases';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__temporalDevServer as RunningDevServer | undefined;
  await server?.stop();
  const { TEST_ADMIN_DATABASE_URL: admin, TEST_DATABASE_URL: url, TEST_WORKFLOW_BUNDLE: bundle } = process.env;
  if (admin && url) await dropDatabase(admin, url);
  if (bundle) rmSync(bundle, { force: true });
}
