import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { journeyDriver } from '../support/journey-driver';
import { testEnv } from '../support/test-env';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { isAlive } from '../support/start-process';
import { killHard, startWorkerProcess } from '../support/worker-process';

describe('a worker killed with SIGKILL in the middle of a journey', () => {
  let system: TestSystem;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    // The API only: the worker runs as its own process, so the test can kill it.
    system = await startTestSystem({ COMMAND_TIMEOUT_MS: '90000' }, { runWorker: false });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) await killHard(worker);
    await system.stop();
  });

  it('finishes the journey after a restart with no duplicate and no missing event', async () => {
    const env = {
      DATABASE_URL: testEnv.databaseUrl,
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.TEMPORAL_TASK_QUEUE,
    };
    worker = await startWorkerProcess(env);
    const drive = journeyDriver(system);
    const id = await drive.open();
    await drive.driveTo(id, 'indicative_budget');

    // Hold the stream's lock so that the next append blocks inside its activity, then kill the worker there.
    const blocker = new Client({ connectionString: testEnv.databaseUrl });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select version from streams where stream_id = $1 for update', [`journey-${id}`]);
    const inFlight = drive.send(id, {
      type: 'set_indicative_budget',
      amountPence: 1_800_000,
      method: 'ras',
      trace: [{ label: 'RAS points', amountPence: 1_800_000 }],
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await blocker.query(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'",
      );
      if (rows[0].n > 0) break;
      if (Date.now() > deadline) {
        const seen = await blocker.query(
          'select state, wait_event_type, wait_event, left(query, 120) as query from pg_stat_activity where datname = current_database()',
        );
        const answer = await Promise.race([inFlight, new Promise((resolve) => setTimeout(() => resolve('pending'), 10))]);
        throw new Error(`the append never reached the lock: ${JSON.stringify(seen.rows)} ${JSON.stringify(answer)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const killedPid = worker.pid!;
    await killHard(worker);
    expect(isAlive(killedPid)).toBe(false);
    // The command cannot complete while no worker runs: it is still waiting when the lock is released.
    await blocker.query('rollback');
    expect(
      await Promise.race([inFlight.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 1000))]),
    ).toBe('waiting');
    await blocker.end();

    worker = await startWorkerProcess(env);
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ stage: 'indicative_budget', waitingOn: 'coordinator' });

    const journey = await drive.driveTo(id, 'active').catch(async () => {
      // driveTo starts from the beginning; carry on from where this journey is instead.
      for (const body of [
        { type: 'record_budget_told', channel: 'phone' },
        { type: 'record_advice_offer', outcome: 'accepted' },
        {
          type: 'submit_plan',
          outcomes: ['Stay at home'],
          lines: [{ description: 'PA hours', fundingStream: 'nhs', managementOption: 'notional', annualCostPence: 1_700_000 }],
          risks: [],
        },
      ])
        expect((await drive.send(id, body)).status).toBe(200);
      expect((await drive.send(id, { type: 'approve_plan' }, { sub: 'ash', role: 'approver', teams: ['north'] })).status).toBe(200);
      return (await drive.send(id, { type: 'record_support_started', date: new Date().toISOString().slice(0, 10) })).body;
    });
    expect(journey.stage).toBe('active');

    const events = await drive.events(id);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(events.filter((e) => e.type === 'indicative_budget_set')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'stage_changed').map((e) => e.data.to)).toEqual([
      'referral',
      'awareness',
      'assessment',
      'indicative_budget',
      'planning',
      'sign_off',
      'setup',
      'active',
    ]);
  }, 180_000);

  it('answers a command whose append committed before the worker died once, from the log, and carries on at the right version', async () => {
    const env = {
      DATABASE_URL: testEnv.databaseUrl,
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TEMPORAL_TASK_QUEUE: system.config.TEMPORAL_TASK_QUEUE,
    };
    if (worker && worker.exitCode === null) await killHard(worker);
    worker = await startWorkerProcess(
      { ...env, TEST_STALL_AFTER: 'append:indicative_budget_set' },
      60_000,
      'test/support/stalling-worker.ts',
    );
    const drive = journeyDriver(system);
    const id = await drive.open();
    await drive.driveTo(id, 'indicative_budget');
    const before = (await drive.events(id)).length;

    // The append commits inside the local activity; the worker then stops before its workflow task
    // completes, so Temporal has no record of it. Kill it there.
    const inFlight = drive.send(id, {
      type: 'set_indicative_budget',
      amountPence: 1_800_000,
      method: 'ras',
      trace: [{ label: 'RAS points', amountPence: 1_800_000 }],
    });
    const committed = async () =>
      (
        await system.db
          .selectFrom('events')
          .select('type')
          .where('stream_id', '=', `journey-${id}`)
          .where('type', '=', 'indicative_budget_set')
          .execute()
      ).length;
    const deadline = Date.now() + 30_000;
    while ((await committed()) === 0) {
      if (Date.now() > deadline) throw new Error('the append never committed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await killHard(worker);

    // A fresh worker retries the workflow task: the log is ahead of Temporal's history, and the command is
    // recognised there rather than decided and appended again.
    worker = await startWorkerProcess(env);
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ stage: 'indicative_budget', waitingOn: 'coordinator' });
    expect(await committed()).toBe(1);

    // The workflow's state agrees with the log: the next commands append at the right versions.
    for (const body of [
      { type: 'record_budget_told', channel: 'phone' },
      { type: 'record_advice_offer', outcome: 'accepted' },
    ])
      expect((await drive.send(id, body)).status).toBe(200);
    const events = await drive.events(id);
    expect(events.length).toBeGreaterThan(before + 2);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(events.filter((e) => e.type === 'indicative_budget_set')).toHaveLength(1);
    expect(
      events
        .filter((e) => e.type === 'stage_changed')
        .map((e) => e.data.to)
        .at(-1),
    ).toBe('planning');
  }, 180_000);
});
