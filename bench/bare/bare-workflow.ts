import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export interface BareStep {
  /** Whether the step owes a message afterwards, as a journey command that tells the person something does. */
  notify: boolean;
}

export interface BareActivities {
  noop(label: string): Promise<void>;
}

/** One command: the update answers after its one activity (the journey's append), as ours does. */
export const bareStep = defineUpdate<number, [BareStep]>('bareStep');

const { noop } = proxyActivities<BareActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * The baseline of the engine-overhead and throughput benches: Temporal alone, with the journey's shape
 * (updates that each run one activity, a message activity after some, a durable wait on a timer) and
 * nothing of ours (no decide, no event store, no projections, no search attributes).
 */
export async function bareWorkflow(): Promise<void> {
  let version = 0;
  let owed = 0;
  setHandler(
    bareStep,
    async ({ notify }) => {
      await noop('append');
      version += 1;
      if (notify) owed += 1;
      return version;
    },
    { validator: (_step: BareStep) => undefined },
  );
  for (;;) {
    while (owed > 0) {
      await noop('notify');
      owed -= 1;
    }
    // The durable wait: a timer, as the journey sleeps until its next due point.
    const seen = version;
    await condition(() => owed > 0 || version !== seen, '30 days');
  }
}

/** The baseline of the reminder burst: sleep on a timer until `dueAtMs`, then one no-op activity (the send). */
export async function bareTimerWorkflow(dueAtMs: number): Promise<void> {
  const waitMs = dueAtMs - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  await noop('notify');
}
