import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { connectDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../lib/config';
import { workerStartProblems } from '../lib/deployment';
import { dataConverterFor } from '../lib/payload-codec';
import { temporalConnectionOptions } from '../lib/temporal-connection';
import { createJourneyWorker } from './create-worker';

/**
 * `npm run worker`: a worker on its own, for a deployment that scales workers apart from the API.
 * Needs DATABASE_URL and TEMPORAL_ADDRESS. SIGINT or SIGTERM drain it and exit.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) throw new Error('A separate worker needs DATABASE_URL and TEMPORAL_ADDRESS.');
  const problems = workerStartProblems(config);
  if (problems.length > 0) throw new Error(`Refusing to start: ${problems.join('; ')}`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = connectDatabase({ url: config.DATABASE_URL, maxConnections: config.DATABASE_POOL_MAX });
  await migrateToLatest(db);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config, config.TEMPORAL_ADDRESS));
  try {
    const worker = await createJourneyWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      db,
      policyDayMs: config.POLICY_DAY_MS,
      dataConverter: dataConverterFor(config, config.TEMPORAL_NAMESPACE),
      notifications: config,
    });
    process.stderr.write(`Worker polling ${config.TEMPORAL_TASK_QUEUE}\n`);
    await worker.run();
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`Worker failed: ${error.message}\n`);
  process.exit(1);
});
