import { createInterface } from 'node:readline';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { connectDatabase } from '../db/connect';
import { loadConfig } from '../lib/config';
import { dataConverterFor } from '../lib/payload-codec';
import { temporalConnectionOptions } from '../lib/temporal-connection';
import { createJourneyWorker } from '../worker/create-worker';

/**
 * The worker of `npm run worker` as a child of a bench (memory, chaos): the same composition on a prebuilt
 * workflow bundle (BENCH_WORKFLOW_BUNDLE), so a restart takes seconds; a line on stdin asks it to collect
 * garbage and print its memory and how many workflows it holds in its cache.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = connectDatabase({ url: config.DATABASE_URL!, maxConnections: config.DATABASE_POOL_MAX });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config, config.TEMPORAL_ADDRESS!));
  const worker = await createJourneyWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    policyDayMs: config.POLICY_DAY_MS,
    workflowBundle: { codePath: process.env.BENCH_WORKFLOW_BUNDLE! },
    dataConverter: dataConverterFor(config),
    notifications: config,
  });
  createInterface({ input: process.stdin }).on('line', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, cached: worker.getStatus().numCachedWorkflows })}\n`);
  });
  process.stderr.write(`Worker polling ${config.TEMPORAL_TASK_QUEUE}\n`);
  await worker.run();
}

main().catch((error: Error) => {
  process.stderr.write(`Worker failed: ${error.message}\n`);
  process.exit(1);
});
