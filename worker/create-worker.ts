import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Kysely } from 'kysely';
import { createEventStoreActivities } from '../activities/event-store-activities';
import { createNotificationActivities } from '../activities/notification-activities';
import { createDelivery, type NotificationSettings } from '../activities/notifications/from-config';
import type { Database } from '../db/schema';
import { failureConverterPath } from '../lib/payload-codec';

export interface JourneyWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Kysely<Database>;
  /** How long a policy day lasts: read models count durations in policy days. */
  policyDayMs: number;
  /** A prebuilt bundle (tests build one and share it); by default the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
  /** Encrypts payloads (lib/payload-codec.ts); the same as the clients' so each reads what the other writes. */
  dataConverter?: DataConverter;
  /** How notifications leave (NOTIFY_CHANNEL and its settings); by default they stay queued in the outbox. */
  notifications?: NotificationSettings;
}

export const workflowsPath = require.resolve('../workflows');

/**
 * How journey workflows are bundled, wherever they are (worker, tests, replay, benches). Each cached journey
 * evaluates every module it imports again, in its own module cache (the SDK's reusable V8 context), unless
 * the module is preloaded: then it is evaluated once per worker and shared, deep-frozen, by every journey.
 * Shared here: zod's library (about 1 MB a journey otherwise; see shared-modules.ts) and the pure domain
 * the workflow runs (decide, evolve, the schedule, the messages owed), which hold no state of their own and
 * import no schema. Our zod schemas are shared another way (`commandSchemas` in shared-modules.ts): zod
 * fills parts of a schema in lazily, which a frozen schema would refuse. The failure converter is bundled in
 * too, so the workflow's own failures (a refused command) are encoded.
 */
const sharedDomain = ['decide', 'evolve', 'schedule', 'state', 'errors', 'messages/owed', 'tasks/reconcile'].map((module) =>
  require.resolve(`../domain/${module}`),
);
export const workflowBundlerOptions = {
  preloadModules: [require.resolve('../workflows/shared-modules'), ...sharedDomain],
  failureConverterPath,
};

/** A worker that runs journey workflows and their activities: the event log and the notification outbox. */
export async function createJourneyWorker(options: JourneyWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: options.dataConverter,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath, bundlerOptions: workflowBundlerOptions }),
    activities: {
      ...createEventStoreActivities(options.db, { policyDayMs: options.policyDayMs }),
      ...createNotificationActivities({
        db: options.db,
        policyDayMs: options.policyDayMs,
        delivery: options.notifications ? createDelivery(options.db, options.notifications, options.policyDayMs).delivery : null,
      }),
    },
  });
}
