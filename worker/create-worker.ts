import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { createEventStoreActivities } from '../activities/event-store-activities';
import type { Database } from '../db/schema';

export interface JourneyWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Kysely<Database>;
  /** A prebuilt bundle (tests build one and share it); by default the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

export const workflowsPath = require.resolve('../workflows');

/** A worker that runs journey workflows and the activities that write the event log. */
export async function createJourneyWorker(options: JourneyWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createEventStoreActivities(options.db),
  });
}
