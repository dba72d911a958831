import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { bundleToFile, type BenchEnv } from '../bench-env';
import type { BareActivities } from './bare-workflow';

export const bareTaskQueue = 'bare';

/** A worker for the bare workflows, with no-op activities. */
export function createBareWorker(
  connection: NativeConnection,
  workflowBundle: string,
  onNotify?: (workflowId: string) => void,
): Promise<Worker> {
  const activities: BareActivities = {
    async noop(label) {
      if (label === 'notify' && onNotify) onNotify(Context.current().info.workflowExecution?.workflowId ?? '');
    },
  };
  return Worker.create({
    connection,
    namespace: 'default',
    taskQueue: bareTaskQueue,
    workflowBundle: { codePath: workflowBundle },
    activities,
  });
}

/**
 * A worker for the bare workflow in this process, beside the journey worker. `onNotify` hears each message
 * activity, so a bench can count journeys that reached their wait.
 */
export async function startBareWorker(
  address: string,
  workflowBundle: string,
  onNotify?: (workflowId: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const connection = await NativeConnection.connect({ address });
  const worker = await createBareWorker(connection, workflowBundle, onNotify);
  const running = worker.run();
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** The bare side of a comparison: its worker on the bench's dev server, and a client to start and update with. */
export async function startBareSide(
  env: BenchEnv,
  onNotify?: (workflowId: string) => void,
): Promise<{ client: Client; stop(): Promise<void> }> {
  const worker = await startBareWorker(env.dev.server.address, await bundleToFile(require.resolve('./bare-workflow'), 'bare'), onNotify);
  const connection = await Connection.connect({ address: env.dev.server.address });
  return {
    client: new Client({ connection, namespace: env.dev.config.namespace }),
    async stop() {
      await worker.stop();
      await connection.close();
    },
  };
}
