import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, type WorkflowExecutionInfo } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { approver, manager } from '../test/support/test-system';
import { httpClient } from '../test/support/http-client';
import { journeyDriver, type StoredEventView } from '../test/support/journey-driver';
import { loadConfig } from '../lib/config';
import { startSystem } from '../server/system';
import { ensureTemporalCli } from '../lib/temporal-cli';
import { loadDevServerConfig, repoRoot, startDevServer } from '../lib/temporal-dev-server';
import { journeyWorkflowId } from '../domain/ids';
import { freePort } from '../test/support/free-port';
import { recordedHistoriesNamespace as namespace } from '../test/support/recorded-histories';

/**
 * `npm run histories:record`: runs scripted journeys on a fresh in-memory dev server and the embedded
 * database (or DATABASE_URL), with short policy days so that timers and continue-as-new appear, and writes
 * every run's history to test/histories/ for the replay tests. `-- --ten-reviews` instead measures a
 * journey through ten review cycles and prints events and bytes per run.
 */
type Drive = ReturnType<typeof journeyDriver>;
const has =
  (type: string, count = 1) =>
  (events: StoredEventView[]) =>
    events.filter((e) => e.type === type).length >= count;

async function reviewCycle(drive: Drive, id: string, cycle: number): Promise<void> {
  await drive.waitForEvents(id, has('review_started', cycle), 120_000);
  await drive.send(id, { type: 'record_advice_offer', outcome: 'declined' });
  const kept = await drive.send(id, { type: 'complete_review', outcome: 'keep', notes: `Review ${cycle}` });
  if (kept.status !== 200) throw new Error(`complete_review answered ${kept.status}`);
}

const scenarios: Record<string, (drive: Drive) => Promise<string>> = {
  // Every stage, timers along the way, one review cycle and the continue-as-new after it.
  'full-journey-with-review': async (drive) => {
    const id = await drive.open();
    await drive.driveTo(id, 'active');
    await reviewCycle(drive, id, 1);
    // Back to active after the review (the review's task closes in the same append, after the stage change).
    await drive.waitForEvents(id, (events) => events.filter((e) => !e.type.startsWith('task_')).at(-1)?.type === 'stage_changed');
    return id;
  },
  'returned-then-refused': async (drive) => {
    const id = await drive.open({ pathway: 'social_care' });
    await drive.driveTo(id, 'sign_off');
    await drive.send(id, { type: 'return_plan', reasons: ['Cost the respite'] }, approver);
    await drive.send(id, {
      type: 'submit_plan',
      outcomes: ['Stay at home'],
      lines: [{ description: 'PA hours', fundingStream: 'social_care', managementOption: 'direct_payment', annualCostPence: 2_600_000 }],
      risks: ['Recruiting a PA'],
    });
    await drive.send(id, { type: 'refuse_plan', reasons: ['Above the panel limit'] }, manager);
    return id;
  },
  'held-reminded-declined': async (drive) => {
    const id = await drive.open({ pathway: 'phb' });
    await drive.driveTo(id, 'awareness');
    await drive.send(id, { type: 'put_on_hold', reason: 'In hospital' });
    await drive.send(id, { type: 'resume' });
    await drive.waitForEvents(id, (events) => events.filter((e) => e.type === 'reminder_sent').length >= 2, 60_000);
    await drive.send(id, {
      type: 'record_information_given',
      topics: ['personal_budgets', 'management_options'],
      channel: 'letter',
      format: 'easy_read',
    });
    await drive.send(id, { type: 'record_decision', decision: 'decline' });
    return id;
  },
};

/** Runs a scenario must have made: the continue-as-new after a review cycle may come a moment after its last command. */
const expectedRuns: Record<string, number> = { 'full-journey-with-review': 2 };

async function runHistories(client: Client, journeyId: string, minRuns = 1) {
  const workflowId = journeyWorkflowId(journeyId);
  const runs: WorkflowExecutionInfo[] = [];
  for (const deadline = Date.now() + 60_000; ;) {
    runs.length = 0;
    for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(execution);
    if (runs.length >= minRuns || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const histories = [];
  for (const run of runs) histories.push(await client.workflow.getHandle(workflowId, run.runId).fetchHistory());
  return histories;
}

const bytes = (history: temporal.api.history.v1.IHistory) => temporal.api.history.v1.History.encode(history).finish().length;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'ten-reviews': { type: 'boolean', default: false }, 'day-ms': { type: 'string', default: '10' } },
  });
  const work = mkdtempSync(join(tmpdir(), 'pbe-record-'));
  // One namespace for the server, the system and this client: the replay tests decode with it.
  const server = await startDevServer(await ensureTemporalCli(), {
    ...loadDevServerConfig(),
    namespace,
    port: await freePort(),
    headless: true,
    dbFile: null,
    logLevel: 'error',
  });
  const base = loadConfig();
  const system = await startSystem(
    {
      ...base,
      PORT: 0,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: namespace,
      DATA_DIR: join(work, 'data'),
      POLICY_DAY_MS: Number(values['day-ms']),
      LOG_LEVEL: 'silent',
    },
    { httpLogs: false },
  );
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace });
  const drive = journeyDriver({ request: httpClient(system.url, base.AUTH_DEV_SECRET) });
  try {
    if (values['ten-reviews']) {
      const id = await drive.open();
      await drive.driveTo(id, 'active');
      for (let cycle = 1; cycle <= 10; cycle += 1) await reviewCycle(drive, id, cycle);
      const histories = await runHistories(client, id);
      let total = 0;
      histories.forEach((history, i) => {
        total += bytes(history);
        process.stdout.write(`run ${i + 1}: ${history.events?.length} events, ${bytes(history)} bytes\n`);
      });
      process.stdout.write(
        `ten reviews: ${histories.length} runs, ${histories.reduce((n, h) => n + (h.events?.length ?? 0), 0)} events, ${total} bytes in all; largest run ${Math.max(...histories.map(bytes))} bytes\n`,
      );
      return;
    }
    const out = join(repoRoot, 'test', 'histories');
    mkdirSync(out, { recursive: true });
    for (const [name, scenario] of Object.entries(scenarios)) {
      const histories = await runHistories(client, await scenario(drive), expectedRuns[name]);
      histories.forEach((history, i) => {
        writeFileSync(join(out, `${name}.run${i + 1}.json`), `${historyToJSON(history)}\n`);
        process.stdout.write(`${name} run ${i + 1}: ${history.events?.length} events, ${bytes(history)} bytes\n`);
      });
    }
  } finally {
    await connection.close();
    await system.stop();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
