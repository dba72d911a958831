import { createInterface } from 'node:readline';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { connectDatabase } from '../db/connect';
import { loadConfig, type Config } from '../lib/config';
import { dataConverterFor } from '../lib/payload-codec';
import { temporalConnectionOptions } from '../lib/temporal-connection';
import { createJourneyWorker } from '../worker/create-worker';
import { createBareWorker } from './bare/bare-worker';

/** The composition of `npm run worker`, on a prebuilt workflow bundle (BENCH_WORKFLOW_BUNDLE), so a restart takes seconds. */
function journeyWorker(config: Config, connection: NativeConnection) {
  return createJourneyWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: connectDatabase({ url: config.DATABASE_URL!, maxConnections: config.DATABASE_POOL_MAX }),
    policyDayMs: config.POLICY_DAY_MS,
    workflowBundle: { codePath: process.env.BENCH_WORKFLOW_BUNDLE! },
    dataConverter: dataConverterFor(config, config.TEMPORAL_NAMESPACE),
    notifications: config,
  });
}

/**
 * A worker as a child of a bench (memory, chaos): the journey worker, or with BENCH_BARE_BUNDLE the bare
 * workflows (the memory bench's baseline). A line on stdin asks it to collect garbage and print its memory
 * and how many workflows it holds in its cache.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config, config.TEMPORAL_ADDRESS!));
  const bare = process.env.BENCH_BARE_BUNDLE;
  const worker = bare ? await createBareWorker(connection, bare) : await journeyWorker(config, connection);
  createInterface({ input: process.stdin }).on('line', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    process.stdout.write(
      `${JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, cached: worker.getStatus().numCachedWorkflows })}\n`,
    );
  });
  process.stderr.write(`Worker polling ${bare ? 'bare' : config.TEMPORAL_TASK_QUEUE}\n`);
  await worker.run();
}

main().catch((error: Error) => {
  process.stderr.write(`Worker failed: ${error.message}\n`);
  process.exit(1);
});
