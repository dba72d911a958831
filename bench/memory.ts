import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { generateWorkload } from '../workload';
import { repoRoot } from '../lib/temporal-dev-server';
import { createDatabase, dropDatabase } from '../test/support/databases';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bareStep, type bareWorkflow } from './bare/bare-workflow';
import { bareTaskQueue } from './bare/bare-worker';
import { adminDatabaseUrl, bundleToFile, runBench, startBenchSystem, withBenchEnv, type BenchEnv } from './bench-env';
import { openJourney } from './journey-steps';
import { fixed, inParallel, machineLine, note, out, ratio, waitUntil } from './measure';

interface WorkerMemory {
  rss: number;
  heapUsed: number;
  external: number;
  cached: number;
}

/** The journey worker as a child process, so that its memory is its own; `memory()` collects garbage first. */
async function startMemoryWorker(
  env: BenchEnv,
  extraEnv: Record<string, string>,
): Promise<{ child: ChildProcess; memory(): Promise<WorkerMemory>; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(repoRoot, 'bench/bench-worker.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.dev.server.address,
      NOTIFY_CHANNEL: 'outbox',
      BENCH_WORKFLOW_BUNDLE: env.workflowBundle,
      ...extraEnv,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Worker polling')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(m: WorkerMemory) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line) as WorkerMemory));
  return {
    child,
    memory: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin!.write('memory\n');
      }),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const mb = (bytes: number) => fixed(bytes / 2 ** 20, 1);

/** Settles the worker's memory: measure until two readings a few seconds apart agree within 1%. */
async function settled(memory: () => Promise<WorkerMemory>): Promise<WorkerMemory> {
  let last = await memory();
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const next = await memory();
    if (Math.abs(next.rss - last.rss) < last.rss * 0.01 && next.cached === last.cached) return next;
    last = next;
  }
  return last;
}

interface CacheFigures {
  fresh: WorkerMemory;
  idle: WorkerMemory;
  loaded: WorkerMemory;
  openSeconds: number;
}

/** A worker's memory just started, idle after a warm-up, and holding `journeys` more cached workflows. */
async function cacheFigures(
  worker: Awaited<ReturnType<typeof startMemoryWorker>>,
  open: () => Promise<unknown>,
  journeys: number,
  warmup: number,
  concurrency: number,
): Promise<CacheFigures> {
  const fresh = await settled(worker.memory);
  // Warm-up: the code paths loaded and compiled, the pools opened; these workflows stay cached.
  await inParallel(Array.from({ length: warmup }), concurrency, open);
  const idle = await settled(worker.memory);
  const started = Date.now();
  await inParallel(Array.from({ length: journeys }), concurrency, async (_, i) => {
    await open();
    if ((i + 1) % 500 === 0) note(`  ${i + 1} opened`);
  });
  const openSeconds = (Date.now() - started) / 1000;
  await waitUntil(
    'the worker to cache every workflow',
    async () => (await worker.memory()).cached >= journeys + warmup,
    120_000,
    1000,
  ).catch((e: Error) => note(e.message));
  return { fresh, idle, loaded: await settled(worker.memory), openSeconds };
}

const perCached = (f: CacheFigures, field: 'rss' | 'heapUsed') =>
  (f.loaded[field] - f.idle[field]) / Math.max(f.loaded.cached - f.idle.cached, 1);

async function workerMemory(env: BenchEnv, journeys: number, warmup: number, concurrency: number): Promise<void> {
  const system = await startBenchSystem(env, {}, { runWorker: false });
  let worker = await startMemoryWorker(env, { TEMPORAL_TASK_QUEUE: system.config.TEMPORAL_TASK_QUEUE });
  let ours: CacheFigures;
  try {
    ours = await cacheFigures(worker, () => openJourney(system.request), journeys, warmup, concurrency);
  } finally {
    await worker.stop();
    await system.stop();
  }
  // The baseline: the bare workflow (an update with a no-op activity, a message no-op, a timer) in the same kind of worker.
  worker = await startMemoryWorker(env, { BENCH_BARE_BUNDLE: await bundleToFile(require.resolve('./bare/bare-workflow'), 'bare') });
  const connection = await Connection.connect({ address: env.dev.server.address });
  const client = new Client({ connection, namespace: env.dev.config.namespace });
  let bare: CacheFigures;
  try {
    bare = await cacheFigures(
      worker,
      async () => {
        const handle = await client.workflow.start<typeof bareWorkflow>('bareWorkflow', {
          workflowId: `bare-${randomUUID()}`,
          taskQueue: bareTaskQueue,
          args: [],
        });
        await handle.executeUpdate(bareStep, { args: [{ notify: true }] });
      },
      journeys,
      warmup,
      concurrency,
    );
  } finally {
    await worker.stop();
    await connection.close();
  }
  note(`opened ${journeys} journeys in ${fixed(ours.openSeconds)} s, ${journeys} bare workflows in ${fixed(bare.openSeconds)} s`);
  const rows = (name: string, f: CacheFigures) => [
    `| ${name}: just started | ${f.fresh.cached} | ${mb(f.fresh.rss)} | ${mb(f.fresh.heapUsed)} |`,
    `| ${name}: idle, after ${warmup} warm-up workflows | ${f.idle.cached} | ${mb(f.idle.rss)} | ${mb(f.idle.heapUsed)} |`,
    `| ${name}: with ${journeys} more | ${f.loaded.cached} | ${mb(f.loaded.rss)} | ${mb(f.loaded.heapUsed)} |`,
  ];
  out(`Worker memory (a child process; RSS after a forced GC of its main thread; each workflow waiting on its timer)`);
  out('');
  out('| worker | cached workflows | RSS MB | main-thread V8 heap used MB |');
  out('|---|---|---|---|');
  for (const line of [...rows('journey worker', ours), ...rows('bare workflow worker (baseline)', bare)]) out(line);
  out('');
  out(
    `RSS per cached workflow over the idle worker: journeys ${fixed(perCached(ours, 'rss') / 2 ** 20, 3)} MB (goal <= 0.5 MB), bare ${fixed(perCached(bare, 'rss') / 2 ** 20, 3)} MB (${ratio(perCached(ours, 'rss'), perCached(bare, 'rss'))}); main-thread heap per workflow: ${fixed(perCached(ours, 'heapUsed') / 1024, 1)} KB vs ${fixed(perCached(bare, 'heapUsed') / 1024, 1)} KB`,
  );
}

/**
 * PostgreSQL bytes per journey after ten years: a synthetic workload opened over ten years (generateWorkload),
 * in a database of its own. Journeys open uniformly over the span, so the ten-year figure takes the bytes per
 * event of the whole log times the events of the journeys that are nearly ten years old, plus each journey's
 * share of everything else (read models, people, notes). Beside it: the raw JSON of the same events.
 */
async function postgresBytes(journeys: number, spanDays: number): Promise<void> {
  const url = await createDatabase(adminDatabaseUrl, 'pbe_bench');
  const db = connectDatabase({ url, maxConnections: 10 });
  try {
    await migrateToLatest(db);
    const generated = await generateWorkload(db, { journeys, seed: 7, spanDays });
    await sql`vacuum analyze`.execute(db);
    const sizes = (
      await sql<{
        name: string;
        bytes: string;
      }>`select c.relname as name, pg_total_relation_size(c.oid) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`.execute(
        db,
      )
    ).rows;
    const bytesOf = (name: string) => Number(sizes.find((s) => s.name === name)?.bytes ?? 0);
    const total = sizes.reduce((s, r) => s + Number(r.bytes), 0);
    const eventBytes = bytesOf('events') + bytesOf('streams');
    const raw = (
      await sql<{
        bytes: string;
        events: string;
      }>`select sum(octet_length(data::text) + octet_length(actor::text) + octet_length(type) + 16 + 8) as bytes, count(*) as events from events`.execute(
        db,
      )
    ).rows[0]!;
    const old = (
      await sql<{ journeys: string; events: string }>`
      select count(distinct j.journey_id) as journeys, count(e.*) as events
      from journeys j join events e on e.stream_id = 'journey-' || j.journey_id
      where j.opened_at < now() - make_interval(days => ${Math.round(spanDays * 0.95)})`.execute(db)
    ).rows[0]!;
    const events = Number(raw.events);
    const perEvent = eventBytes / events;
    const oldEventsPerJourney = Number(old.events) / Math.max(Number(old.journeys), 1);
    const otherPerJourney = (total - eventBytes) / journeys;
    out(
      `PostgreSQL (${journeys} synthetic journeys opened over ${spanDays} days, ${events} events; pg_total_relation_size of every table with its indexes and TOAST, after VACUUM ANALYZE)`,
    );
    out('');
    out('| | bytes |');
    out('|---|---|');
    out(`| whole database per journey (mean age ${fixed(spanDays / 2 / 365, 1)} years) | ${fixed(total / journeys, 0)} |`);
    out(`| events + streams, per event | ${fixed(perEvent, 0)} |`);
    out(`| raw event JSON (data + actor + type + ids), per event (baseline) | ${fixed(Number(raw.bytes) / events, 0)} |`);
    out(`| read models, people and the rest, per journey | ${fixed(otherPerJourney, 0)} |`);
    out(`| journeys nearly ten years old: ${old.journeys}, events each | ${fixed(oldEventsPerJourney, 1)} |`);
    out(
      `| **per journey after ten years** (events each x bytes per event + the rest per journey) | **${fixed(oldEventsPerJourney * perEvent + otherPerJourney, 0)}** |`,
    );
    out('');
    out(
      `Tables: ${sizes
        .filter((s) => Number(s.bytes) > 0)
        .sort((a, b) => Number(b.bytes) - Number(a.bytes))
        .map((s) => `${s.name} ${mb(Number(s.bytes))} MB`)
        .join(', ')}; generated in ${fixed(generated.elapsedMs / 1000)} s`,
    );
  } finally {
    await db.destroy();
    await dropDatabase(adminDatabaseUrl, url);
  }
}

/** `npm run bench:memory`: the worker's memory per cached journey, and PostgreSQL's bytes per journey after ten years. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      journeys: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '16' },
      'history-journeys': { type: 'string', default: '1000' },
      'span-days': { type: 'string', default: '3650' },
      'skip-worker': { type: 'boolean', default: false },
      'skip-postgres': { type: 'boolean', default: false },
    },
  });
  out(machineLine());
  if (!values['skip-worker'])
    await withBenchEnv({}, (env) => workerMemory(env, Number(values.journeys), Number(values.warmup), Number(values.concurrency)));
  if (!values['skip-postgres']) {
    out('');
    await postgresBytes(Number(values['history-journeys']), Number(values['span-days']));
  }
}

runBench(main);
