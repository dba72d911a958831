import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createEventStoreActivities } from '../../activities/event-store-activities';
import { createNotificationActivities } from '../../activities/notification-activities';
import { createDelivery } from '../../activities/notifications/from-config';
import { connectDatabase } from '../../db/connect';
import { loadConfig } from '../../lib/config';
import { dataConverterFor } from '../../lib/payload-codec';
import { temporalConnectionOptions } from '../../lib/temporal-connection';
import { workflowBundlerOptions, workflowsPath } from '../../worker/create-worker';

/**
 * The worker of `npm run worker`, except that once a welcome has been sent and recorded its activity never
 * completes: the moment between the send and the activity's completion, held open so that a test can kill
 * the process there with SIGKILL. Everything else is the real composition.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = connectDatabase({ url: config.DATABASE_URL!, maxConnections: 4 });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config, config.TEMPORAL_ADDRESS!));
  const notifications = createNotificationActivities({ db, delivery: createDelivery(db, config, config.POLICY_DAY_MS).delivery });
  const bundle = process.env.TEST_WORKFLOW_BUNDLE;
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter: dataConverterFor(config),
    ...(bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath, bundlerOptions: workflowBundlerOptions }),
    activities: {
      ...createEventStoreActivities(db, { policyDayMs: config.POLICY_DAY_MS }),
      ...notifications,
      async notifyEvent(notification: Parameters<typeof notifications.notifyEvent>[0]) {
        const receipt = await notifications.notifyEvent(notification);
        if (notification.template === 'welcome') {
          process.stderr.write(`Sent and recorded, not completing: ${notification.eventId}\n`);
          await new Promise(() => undefined);
        }
        return receipt;
      },
    },
  });
  process.stderr.write(`Worker polling ${config.TEMPORAL_TASK_QUEUE}\n`);
  await worker.run();
}

main().catch((error: Error) => {
  process.stderr.write(`Worker failed: ${error.message}\n`);
  process.exit(1);
});
