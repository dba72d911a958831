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
 * The worker of `npm run worker`, except that one activity never completes once its work is done, so that
 * a test can kill the process there with SIGKILL. `TEST_STALL_AFTER` says which: `welcome` (default) holds
 * the welcome's activity between the send and its completion; `append:<event type>` holds the append whose
 * events include that type after its transaction committed, before the workflow task records it.
 * Everything else is the real composition.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = connectDatabase({ url: config.DATABASE_URL!, maxConnections: 4 });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config, config.TEMPORAL_ADDRESS!));
  const notifications = createNotificationActivities({
    db,
    policyDayMs: config.POLICY_DAY_MS,
    delivery: createDelivery(db, config, config.POLICY_DAY_MS).delivery,
  });
  const bundle = process.env.TEST_WORKFLOW_BUNDLE;
  const stallAfter = process.env.TEST_STALL_AFTER ?? 'welcome';
  const stall = (what: string) => {
    process.stderr.write(`Done and recorded, not completing: ${what}\n`);
    return new Promise<never>(() => undefined);
  };
  const eventStore = createEventStoreActivities(db, { policyDayMs: config.POLICY_DAY_MS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter: dataConverterFor(config, config.TEMPORAL_NAMESPACE),
    ...(bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath, bundlerOptions: workflowBundlerOptions }),
    activities: {
      ...eventStore,
      ...notifications,
      async appendOrCatchUp(input: Parameters<typeof eventStore.appendOrCatchUp>[0]) {
        const result = await eventStore.appendOrCatchUp(input);
        if (stallAfter.startsWith('append:') && result.appended && input.events.some((event) => `append:${event.type}` === stallAfter))
          await stall(stallAfter);
        return result;
      },
      async notifyEvent(notification: Parameters<typeof notifications.notifyEvent>[0]) {
        const receipt = await notifications.notifyEvent(notification);
        if (stallAfter === 'welcome' && notification.template === 'welcome') await stall(notification.eventId);
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
