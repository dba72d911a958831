import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { mintDevToken } from '../http/tokens';
import { loadConfig } from '../lib/config';
import { startMissingWorkflows } from '../demo/start-workflows';
import { startTrickle } from '../demo/trickle';
import { startSystem } from '../server/system';
import { DAY_MS, generateWorkload } from '../workload';

const usage = `Usage: npm run demo [-- --journeys 3000 --every-ms 1500 --policy-day-ms 20000 --seed 7]

The whole system (as npm start), with a few thousand synthetic journeys backdated over three years (each
open one with its journey workflow, started from its events, so that any of them can be driven), and
a live trickle of simulated coordinators, people and approvers acting every --every-ms milliseconds on
journeys of their own, which capture a short policy day (--policy-day-ms) so that their reminders and
escalations fire while you watch. Open http://127.0.0.1:3000/sign-in and sign in as a manager.`;

let stopping = false;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      journeys: { type: 'string', default: '3000' },
      'every-ms': { type: 'string', default: '1500' },
      'policy-day-ms': { type: 'string', default: '20000' },
      seed: { type: 'string', default: '7' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${usage}\n`);
  const config = loadConfig();
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const system = await startSystem(config, { log, httpLogs: false });

  let stopTrickle: () => Promise<void> = async () => undefined;
  // Ready before the workload is written: Ctrl-C while it is written still stops every part in order.
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('Stopping the simulated staff, the API, the worker and the servers...');
    await stopTrickle();
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  const { count } = await system.db
    .selectFrom('journeys')
    .select(sql<string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  const wanted = Number(values.journeys);
  if (Number(count) < wanted) {
    log(
      `Writing ${wanted - Number(count)} synthetic journeys (once; they stay in ${config.DATABASE_URL ? 'DATABASE_URL' : config.DATA_DIR})...`,
    );
    const result = await generateWorkload(system.db, {
      journeys: wanted - Number(count),
      seed: Number(values.seed) + Number(count),
      concurrency: config.DATABASE_URL ? 8 : 1,
      onProgress: (p) => p.journeys % 500 === 0 && log(`  ${p.journeys} of ${p.totalJourneys} journeys`),
    });
    log(`Wrote ${result.journeys} journeys and ${result.events} events in ${(result.elapsedMs / 1000).toFixed(0)} s.`);
  }
  // The workload is events only: each open journey gets its workflow, so that any of them can be driven.
  const started = await startMissingWorkflows({
    db: system.db,
    temporal: system.temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    policyDayMs: DAY_MS,
    onProgress: (looked, open) => log(`  workflows: ${looked} of ${open} open journeys looked at`),
  });
  if (started.started > 0)
    log(`Started the workflows of ${started.started} open journeys that had none (synthetic ones: their policy days are real days).`);
  if (started.finished > 0)
    log(`${started.finished} journeys are open in the record but their workflow has finished: they cannot take commands.`);
  if (stopping) return;

  stopTrickle = startTrickle({
    db: system.db,
    temporal: system.temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    policyDayMs: Number(values['policy-day-ms']),
    everyMs: Number(values['every-ms']),
    seed: Number(values.seed),
    log,
  });
  const token = await mintDevToken(config.AUTH_DEV_SECRET, { sub: 'demo-manager', role: 'manager', teams: [] });
  log(
    `Demo running: ${system.url}/sign-in (sign in as a manager, then open the dashboard; it refreshes itself at ${system.url}/dashboard?refresh=15).`,
  );
  log(`API token for curl (manager): ${token}`);
  log('Ctrl-C to stop.');
}

main().catch((error: Error) => {
  // Stopped while starting: the shutdown closed what the start was using, and exits by itself.
  if (stopping) return;
  process.stderr.write(`Could not start the demo: ${error.message}\n`);
  process.exit(1);
});
