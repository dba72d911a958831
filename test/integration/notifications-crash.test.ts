import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { journeyWorkflowId } from '../../domain/ids';
import { journeyDriver } from '../support/journey-driver';
import { eventually, startMailbox } from '../support/mailbox';
import { testEnv } from '../support/test-env';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { isAlive } from '../support/start-process';
import { killHard, startWorkerProcess } from '../support/worker-process';

const WELCOME = 'Your personal health budget: what happens now';
const NEXT = 'Your personal health budget: what happens next';

describe('a worker killed with SIGKILL between the send and the activity completing', () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let system: TestSystem;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    mailbox = await startMailbox();
    // The API only: the worker runs as its own process, so the test can kill it.
    system = await startTestSystem({ COMMAND_TIMEOUT_MS: '90000', NOTIFY_CHANNEL: 'smtp', SMTP_URL: mailbox.url }, { runWorker: false });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) await killHard(worker);
    await system.stop();
    await mailbox.stop();
  });

  it('sends the message exactly once: the retried activity finds it recorded and sends nothing', async () => {
    const env = {
      DATABASE_URL: testEnv.databaseUrl,
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.TEMPORAL_TASK_QUEUE,
      NOTIFY_CHANNEL: 'smtp',
      SMTP_URL: mailbox.url,
    };
    worker = await startWorkerProcess(env, 60_000, 'test/support/stalling-worker.ts');
    const drive = journeyDriver(system);
    const id = await drive.open();
    const outbox = async () => system.db.selectFrom('notifications').selectAll().where('journey_id', '=', id).orderBy('id').execute();

    // The welcome has reached the SMTP server and its row says so; the activity is still running.
    await mailbox.waitFor((mail) => mail.some((m) => m.subject === WELCOME));
    const sentRow = await eventually(
      async () => (await outbox()).find((r) => r.template === 'welcome' && r.status === 'sent'),
      async () => JSON.stringify(await outbox()),
    );
    const killedPid = worker.pid!;
    await killHard(worker);
    expect(isAlive(killedPid)).toBe(false);

    // A fresh, ordinary worker: Temporal retries the activity once its 10 s start-to-close has run out.
    worker = await startWorkerProcess(env);
    for (const body of [
      { type: 'assign_coordinator', coordinator: 'alice' },
      { type: 'record_consent', given: true, by: 'person' },
    ])
      expect((await drive.send(id, body)).status).toBe(200);
    // Messages go in order, so the next one arriving means the welcome's activity has completed.
    const mail = await mailbox.waitFor((all) => all.some((m) => m.subject === NEXT), 60_000);

    expect(mail.filter((m) => m.subject === WELCOME)).toHaveLength(1);
    const welcome = (await outbox()).find((r) => r.id === sentRow.id)!;
    expect(welcome).toMatchObject({ status: 'sent', attempts: 1, failure: null, provider_id: sentRow.provider_id });
    expect(new Set(mail.map((m) => m.reference)).size).toBe(mail.length);

    // And the activity really was retried after the kill: a second attempt of notifyEvent completed.
    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    try {
      const history = await new Client({ connection }).workflow.getHandle(journeyWorkflowId(id)).fetchHistory();
      const scheduled = new Map<string, string>();
      for (const e of history.events ?? []) {
        if (e.activityTaskScheduledEventAttributes)
          scheduled.set(String(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? '');
      }
      const retried = (history.events ?? []).filter(
        (e) =>
          e.activityTaskStartedEventAttributes &&
          scheduled.get(String(e.activityTaskStartedEventAttributes.scheduledEventId)) === 'notifyEvent' &&
          (e.activityTaskStartedEventAttributes.attempt ?? 1) > 1,
      );
      expect(retried.length).toBeGreaterThanOrEqual(1);
    } finally {
      await connection.close();
    }
  }, 150_000);
});
