import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Kysely } from 'kysely';
import { createEventStoreActivities } from '../activities/event-store-activities';
import { createNotificationActivities } from '../activities/notification-activities';
import { createOutboxChannel } from '../activities/notifications/outbox-channel';
import type { Database } from '../db/schema';

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
}

export const workflowsPath = require.resolve('../workflows');

/** A worker that runs journey workflows and their activities: the event log and the notification outbox. */
export async function createJourneyWorker(options: JourneyWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    dataConverter: options.dataConverter,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: {
      ...createEventStoreActivities(options.db, { policyDayMs: options.policyDayMs }),
      ...createNotificationActivities(createOutboxChannel(options.db)),
    },
  });
}
