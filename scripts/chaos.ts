import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { connectDatabase } from '../db/connect';
import { hashSeed, mulberry32 } from '../workload';
import { startTcpProxy } from '../test/support/tcp-proxy';
import { adminDatabaseUrl, runBench, startBenchSystem, withBenchEnv } from '../bench/bench-env';
import { chaosLoad, emptyLog } from '../bench/chaos/chaos-load';
import { ChaosWorker, faults, workerApplicationName } from '../bench/chaos/faults';
import { checkInvariants, type Check } from '../bench/chaos/invariants';
import { machineLine, note, out } from '../bench/measure';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunOptions {
  seconds: number;
  outageMs: number;
  clients: number;
  policyDayMs: number;
  drainMs: number;
}

/**
 * One chaos run on a fresh database and a dev server on a SQLite file of its own: clients drive journeys
 * (with duplicate and racing commands) while, in a random order and at random moments, the worker is
 * killed with SIGKILL inside an activity's transaction, the dev server is killed and started again on the
 * same file, and PostgreSQL is cut off from the API and the worker (through a TCP proxy: the shared server
 * keeps running). Then the load stops, the worker and API stop, and every invariant is checked.
 */
async function chaosRun(run: number, options: RunOptions, random: () => number): Promise<{ checks: Check[]; unexpected: string[] }> {
  return withBenchEnv({ sqlite: true }, async (env) => {
    const database = new URL(env.databaseUrl);
    const proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    const proxied = new URL(env.databaseUrl);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const workerUrl = new URL(proxied.toString());
    workerUrl.searchParams.set('application_name', workerApplicationName);
    const system = await startBenchSystem(
      env,
      { DATABASE_URL: proxied.toString(), POLICY_DAY_MS: String(options.policyDayMs), COMMAND_TIMEOUT_MS: '10000' },
      { runWorker: false },
    );
    const worker = new ChaosWorker({
      DATABASE_URL: workerUrl.toString(),
      TEMPORAL_ADDRESS: env.dev.server.address,
      TEMPORAL_TASK_QUEUE: system.config.TEMPORAL_TASK_QUEUE,
      POLICY_DAY_MS: String(options.policyDayMs),
      NOTIFY_CHANNEL: 'outbox',
      BENCH_WORKFLOW_BUNDLE: env.workflowBundle,
    });
    let systemStopped = false;
    try {
      await worker.start();
      const log = emptyLog();
      const load = chaosLoad(system.request, random, log);
      const started = Date.now();
      const loadDone = load.start(options.clients);
      const planned = faults({ env, worker, proxy, adminUrl: adminDatabaseUrl, outageMs: options.outageMs, random });
      // A random order, each fault at a random moment of its slot, between 10% and 85% of the run.
      const order = planned
        .map((fault) => ({ fault, rank: random() }))
        .sort((a, b) => a.rank - b.rank)
        .map((f) => f.fault);
      const slotMs = (options.seconds * 1000 * 0.75) / order.length;
      for (const [i, fault] of order.entries()) {
        const at = started + options.seconds * 100 + i * slotMs + random() * slotMs * 0.5;
        await sleep(Math.max(0, at - Date.now()));
        const from = Date.now();
        const what = await fault.run();
        out(
          `  run ${run}, ${((from - started) / 1000).toFixed(1)} s: ${fault.name}: ${what} (${((Date.now() - from) / 1000).toFixed(1)} s)`,
        );
      }
      await sleep(Math.max(0, started + options.seconds * 1000 - Date.now()));
      load.stop();
      const drained = await Promise.race([loadDone.then(() => true), sleep(options.drainMs).then(() => false)]);
      load.abandon();
      await loadDone;
      if (!drained) note(`  run ${run}: requests still unanswered after ${options.drainMs / 1000} s were abandoned`);
      // Quiet: no worker and no API, so the rebuild folds a log that no longer moves.
      await worker.stop();
      await system.stop();
      systemStopped = true;

      const db = connectDatabase({ url: env.databaseUrl, maxConnections: 4 });
      const connection = await Connection.connect({ address: env.dev.server.address });
      try {
        const checks = await checkInvariants(db, new Client({ connection, namespace: env.dev.config.namespace }), log, options.policyDayMs);
        out(
          `  run ${run}: ${((Date.now() - started) / 1000).toFixed(0)} s, ${log.opened.size} journeys, ${log.acknowledged.length} acknowledged requests, ` +
            `${log.duplicatesSent} duplicates, ${log.concurrentPairs} racing pairs, ${log.retries} retries after an outage answer, ${log.unexpected.length} unexpected answers`,
        );
        for (const check of checks)
          out(
            `  run ${run}: ${check.violations.length === 0 ? 'ok  ' : 'FAIL'} ${check.name}: ${check.checked} checked, ${check.violations.length} violations${check.notes ? `; ${check.notes}` : ''}${check.violations.length ? `\n      ${check.violations.slice(0, 5).join('\n      ')}` : ''}`,
          );
        for (const answer of log.unexpected.slice(0, 5)) out(`  run ${run}: unexpected answer: ${answer}`);
        return { checks, unexpected: log.unexpected };
      } finally {
        await connection.close();
        await db.destroy();
      }
    } finally {
      await worker.stop().catch(() => undefined);
      if (!systemStopped) await system.stop();
      await proxy.close();
    }
  });
}

/** `npm run chaos -- --runs N --seconds S`: repeated randomised chaos runs; exits 1 on any violation. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '180' },
      'outage-seconds': { type: 'string', default: '30' },
      clients: { type: 'string', default: '6' },
      'policy-day-ms': { type: 'string', default: '1000' },
      'drain-seconds': { type: 'string', default: '90' },
      seed: { type: 'string', default: String(Date.now() % 100_000) },
    },
  });
  const runs = Number(values.runs);
  const options: RunOptions = {
    seconds: Number(values.seconds),
    outageMs: Number(values['outage-seconds']) * 1000,
    clients: Number(values.clients),
    policyDayMs: Number(values['policy-day-ms']),
    drainMs: Number(values['drain-seconds']) * 1000,
  };
  out(machineLine());
  out(
    `Chaos: ${runs} runs of ${options.seconds} s, ${options.clients} clients, PostgreSQL outage ${options.outageMs / 1000} s, policy day ${options.policyDayMs} ms, seed ${values.seed}`,
  );
  let violations = 0;
  let unexpected = 0;
  for (let run = 1; run <= runs; run++) {
    const result = await chaosRun(run, options, mulberry32(hashSeed(Number(values.seed), run)));
    violations += result.checks.reduce((sum, check) => sum + check.violations.length, 0);
    unexpected += result.unexpected.length;
  }
  out(`Chaos: ${runs} runs, ${violations} invariant violations, ${unexpected} unexpected answers`);
  if (violations > 0 || unexpected > 0) process.exitCode = 1;
}

runBench(main);
