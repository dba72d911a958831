import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { bareStep, type bareWorkflow } from './bare/bare-workflow';
import { bareTaskQueue, startBareSide } from './bare/bare-worker';
import { runBench, startBenchSystem, withBenchEnv } from './bench-env';
import { openJourney } from './journey-steps';
import { cpuMeter, fixed, machineLine, note, out, ratio, summarise, waitUntil, type Summary } from './measure';

interface Window {
  started: number;
  ended: number;
  /** Completion times (ms since the epoch) of everything that reached its wait, in or out of the window. */
  completions: number[];
  opens: Summary;
  openErrors: number;
  cpuPerCompletion: number;
}

/** Runs `open` from `clients` closed loops: a warm-up, then the measured window; returns the window and the open latencies. */
async function closedLoop(clients: number, warmupSeconds: number, seconds: number, open: () => Promise<void>) {
  const latencies: number[] = [];
  let errors = 0;
  const warmupEnds = Date.now() + warmupSeconds * 1000;
  const window = { started: warmupEnds, ended: warmupEnds + seconds * 1000 };
  const lane = async () => {
    while (Date.now() < window.ended) {
      const at = Date.now();
      const started = performance.now();
      try {
        await open();
        if (at >= window.started) latencies.push(performance.now() - started);
      } catch (error) {
        errors += 1;
        if (errors <= 3) note(`open failed: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, lane));
  return { ...window, opens: summarise(latencies), openErrors: errors };
}

const inWindow = (w: Window) => w.completions.filter((t) => t >= w.started && t < w.ended);

/** Completions per second in each bucket of the window: the slowest bucket says whether the rate held. */
function buckets(w: Window, bucketSeconds: number): number[] {
  const counts: number[] = [];
  for (let from = w.started; from + bucketSeconds * 1000 <= w.ended; from += bucketSeconds * 1000)
    counts.push(w.completions.filter((t) => t >= from && t < from + bucketSeconds * 1000).length / bucketSeconds);
  return counts;
}

/**
 * `npm run bench:throughput`: journeys opened through the API and reaching their first durable wait, per
 * second, from closed-loop clients. A journey counts when it is complete: its journey_opened events are
 * appended, its welcome is queued by the message activity, and the workflow sleeps on its first timer.
 * Beside it, a bare Temporal workflow doing the same (start, an update with one no-op activity, one more
 * no-op activity, a timer) on the same dev server.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '300' },
      'baseline-seconds': { type: 'string' },
      clients: { type: 'string', default: '16' },
      warmup: { type: 'string', default: '10' },
      bucket: { type: 'string', default: '30' },
    },
  });
  const seconds = Number(values.seconds);
  const baselineSeconds = Number(values['baseline-seconds'] ?? seconds);
  const clients = Number(values.clients);
  const warmup = Number(values.warmup);
  const bucketSeconds = Math.min(Number(values.bucket), seconds);
  out(machineLine());
  await withBenchEnv({}, async (env) => {
    const system = await startBenchSystem(env);
    const bareDone = new Map<string, number>();
    const bare = await startBareSide(env, (id) => bareDone.set(id, Date.now()));
    const { client } = bare;
    const serverPid = env.dev.server.process.pid!;
    try {
      // Ours: a journey is complete when its welcome is queued, the last thing before its first wait.
      note(`ours: ${clients} clients, ${warmup} s warm-up, ${seconds} s measured`);
      let meter = cpuMeter(serverPid);
      const oursLoop = await closedLoop(clients, warmup, seconds, async () => void (await openJourney(system.request)));
      const opened = Number((await sql<{ n: string }>`select count(*) as n from journeys`.execute(system.db)).rows[0]!.n);
      const welcomed = async () =>
        (await sql<{ at: Date }>`select min(queued_at) as at from notifications group by journey_id`.execute(system.db)).rows.map((r) =>
          r.at.getTime(),
        );
      await waitUntil('every opened journey to reach its wait', async () => (await welcomed()).length >= opened, 120_000, 1000).catch(
        (e: Error) => note(e.message),
      );
      let cpu = meter.stop();
      const completions = await welcomed();
      const ours: Window = {
        ...oursLoop,
        completions,
        cpuPerCompletion: ((cpu.selfSeconds + cpu.serverSeconds) / Math.max(completions.length, 1)) * 1000,
      };

      note(`bare: ${clients} clients, ${warmup} s warm-up, ${baselineSeconds} s measured`);
      meter = cpuMeter(serverPid);
      let started = 0;
      const bareLoop = await closedLoop(clients, warmup, baselineSeconds, async () => {
        const handle = await client.workflow.start<typeof bareWorkflow>('bareWorkflow', {
          workflowId: `bare-${randomUUID()}`,
          taskQueue: bareTaskQueue,
          args: [],
        });
        started += 1;
        await handle.executeUpdate(bareStep, { args: [{ notify: true }] });
      });
      await waitUntil('every bare workflow to reach its wait', async () => bareDone.size >= started, 120_000, 500).catch((e: Error) =>
        note(e.message),
      );
      cpu = meter.stop();
      const base: Window = {
        ...bareLoop,
        completions: [...bareDone.values()],
        cpuPerCompletion: ((cpu.selfSeconds + cpu.serverSeconds) / Math.max(bareDone.size, 1)) * 1000,
      };

      const rate = (w: Window) => inWindow(w).length / ((w.ended - w.started) / 1000);
      const slowest = (w: Window) => Math.min(...buckets(w, bucketSeconds));
      out(
        `Throughput: ${clients} closed-loop clients, ${warmup} s warm-up, then ${seconds} s measured (bare: ${baselineSeconds} s); counted: journeys whose welcome was queued inside the window`,
      );
      out('');
      out('| | ours (HTTP API, journey workflow) | bare Temporal | ratio | goal |');
      out('|---|---|---|---|---|');
      out(
        `| journeys reaching their first wait, per second | ${fixed(rate(ours))} | ${fixed(rate(base))} | ${ratio(rate(ours), rate(base))} | >= 10/s |`,
      );
      out(`| slowest ${bucketSeconds} s bucket, per second | ${fixed(slowest(ours))} | ${fixed(slowest(base))} | | |`);
      out(
        `| open latency p50 / p95 (ms) | ${fixed(ours.opens.p50)} / ${fixed(ours.opens.p95)} | ${fixed(base.opens.p50)} / ${fixed(base.opens.p95)} | | |`,
      );
      out(
        `| CPU per journey, this process + dev server (ms) | ${fixed(ours.cpuPerCompletion)} | ${fixed(base.cpuPerCompletion)} | ${ratio(ours.cpuPerCompletion, base.cpuPerCompletion)} | |`,
      );
      out(`| failed opens | ${ours.openErrors} | ${base.openErrors} | | |`);
    } finally {
      await bare.stop();
      await system.stop();
    }
  });
}

runBench(main);
