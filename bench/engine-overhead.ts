import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { coordinator } from '../test/support/http-client';
import { openJourneyBody } from '../test/support/test-system';
import type { Command } from '../domain';
import type { journeyWorkflow } from '../workflows/journey-workflow';
import { executeCommand } from '../workflows/journey-contract';
import { journeyWorkflowId } from '../domain/ids';
import { Pathway, Team } from '../workflows/search-attributes';
import { bareStep, type bareWorkflow } from './bare/bare-workflow';
import { bareTaskQueue, startBareSide } from './bare/bare-worker';
import { runBench, startBenchSystem, withBenchEnv, type BenchSystem } from './bench-env';
import { activitiesSettled, historyShape, journeyCommands, openJourney, sendCommand, type HistoryShape } from './journey-steps';
import {
  cpuMeter,
  fixed,
  inParallel,
  machineLine,
  note,
  out,
  processCpuSeconds,
  ratio,
  summarise,
  threadCpuSeconds,
  type CpuSample,
} from './measure';

interface Phase {
  latencies: number[];
  cpu: CpuSample;
  postgresSeconds: number;
  /** Committed PostgreSQL transactions of the bench database (each statement outside a transaction is one). */
  transactions: number;
  /** This process's CPU seconds by thread group. */
  threads: Map<string, number>;
  steps: number;
  ids: string[];
}

/** CPU of the PostgreSQL backends serving one database (its pool's connections), over a phase. */
async function postgresMeter(system: BenchSystem) {
  const pids = async () =>
    (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(system.db)).rows.map(
      (r) => r.pid,
    );
  const cpuOf = (pid: number) => {
    try {
      return processCpuSeconds(pid);
    } catch {
      return 0; // A backend that has gone; its last work is lost to the figure (rare: the pool keeps them).
    }
  };
  // The statistics reach pg_stat_database within a second of a transaction's end.
  const committed = async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return Number(
      (await sql<{ n: string }>`select xact_commit as n from pg_stat_database where datname = current_database()`.execute(system.db))
        .rows[0]!.n,
    );
  };
  const transactionsBefore = await committed();
  const before = new Map((await pids()).map((pid) => [pid, cpuOf(pid)]));
  return {
    async stop() {
      let seconds = 0;
      for (const pid of await pids()) seconds += cpuOf(pid) - (before.get(pid) ?? 0);
      // Less the statements this meter ran itself (two pid lists and the second count).
      return { seconds, transactions: (await committed()) - transactionsBefore - 3 };
    },
  };
}

async function measure(
  system: BenchSystem,
  serverPid: number,
  journeys: number,
  concurrency: number,
  journey: (latencies: number[]) => Promise<string>,
  settle: (ids: string[]) => Promise<void>,
): Promise<Phase> {
  const postgres = await postgresMeter(system);
  const meter = cpuMeter(serverPid);
  const threadsBefore = threadCpuSeconds();
  const latencies: number[] = [];
  const ids = await inParallel(Array.from({ length: journeys }), concurrency, () => journey(latencies));
  await settle(ids);
  const cpu = meter.stop();
  const threads = new Map([...threadCpuSeconds()].map(([name, seconds]) => [name, seconds - (threadsBefore.get(name) ?? 0)]));
  const { seconds, transactions } = await postgres.stop();
  return { latencies, cpu, postgresSeconds: seconds, transactions, threads, steps: latencies.length, ids };
}

/** A CPU profile of this process's main thread (the API, the activities), for Chrome DevTools or speedscope. */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(path: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      return path;
    },
  };
}

const timed = async (latencies: number[], step: () => Promise<unknown>) => {
  const started = performance.now();
  await step();
  latencies.push(performance.now() - started);
};

/**
 * `npm run bench:engine`: a journey step through our whole stack (HTTP API, Workflow Update, the append
 * with its projections, the message activity, search attributes, the next timer) against a bare Temporal
 * workflow with the same updates and as many no-op activities, on the same dev server, alternating rounds.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      journeys: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '1' },
      profile: { type: 'string' },
    },
  });
  const journeys = Number(values.journeys);
  const rounds = Number(values.rounds);
  const concurrency = Number(values.concurrency);
  out(machineLine());
  await withBenchEnv({}, async (env) => {
    const system = await startBenchSystem(env);
    const bare = await startBareSide(env);
    const { client } = bare;
    const serverPid = env.dev.server.process.pid!;
    try {
      const ourJourney = async (latencies: number[]) => {
        let id = '';
        await timed(latencies, async () => (id = await openJourney(system.request)));
        for (const step of journeyCommands) await timed(latencies, () => sendCommand(system.request, id, step));
        return journeyWorkflowId(id);
      };
      // Warm up both paths once, and learn which steps owe a message, so the bare workflow sends as many.
      const shape: HistoryShape = await historyShape(client, await ourJourney([]));
      const bareJourney = async (latencies: number[]) => {
        const workflowId = `bare-${randomUUID()}`;
        let handle: Awaited<ReturnType<typeof client.workflow.start<typeof bareWorkflow>>>;
        await timed(latencies, async () => {
          handle = await client.workflow.start<typeof bareWorkflow>('bareWorkflow', { workflowId, taskQueue: bareTaskQueue, args: [] });
          await handle.executeUpdate(bareStep, { args: [{ notify: shape.notifyAfterUpdate[0] ?? false }] });
        });
        for (let i = 1; i < shape.updates; i++)
          await timed(latencies, () => handle.executeUpdate(bareStep, { args: [{ notify: shape.notifyAfterUpdate[i] ?? false }] }));
        return workflowId;
      };
      const bareShape = await historyShape(client, await bareJourney([]));
      // Our engine without the HTTP API: the same workflow, append, read models and messages, driven through
      // the Temporal client as the bare side is, so the API's share of our step is a figure of its own.
      const direct = system.temporal;
      const engineJourney = async (latencies: number[]) => {
        const journeyId = randomUUID();
        const body = openJourneyBody();
        await system.db
          .insertInto('people')
          .values({
            journey_id: journeyId,
            name: body.person.name,
            nhs_number: body.person.nhsNumber,
            date_of_birth: body.person.dateOfBirth,
            contact: JSON.stringify(body.person.contact),
            preferences: JSON.stringify(body.person.preferences),
          })
          .execute();
        const actorOf = (as = coordinator) => ({ sub: as.sub, role: as.role });
        const handle = direct.workflow.getHandle<typeof journeyWorkflow>(journeyWorkflowId(journeyId));
        await timed(latencies, async () => {
          await direct.workflow.start<typeof journeyWorkflow>('journeyWorkflow', {
            workflowId: journeyWorkflowId(journeyId),
            taskQueue: system.config.TEMPORAL_TASK_QUEUE,
            args: [{ journeyId, policyDayMs: system.config.POLICY_DAY_MS }],
            typedSearchAttributes: [
              { key: Team, value: body.team },
              { key: Pathway, value: body.pathway },
            ],
          });
          const open = {
            type: 'open_journey',
            journeyId,
            pathway: body.pathway,
            team: body.team,
            referralSource: body.referralSource,
          } as Command;
          await handle.executeUpdate(executeCommand, { updateId: 'open', args: [{ command: open, actor: actorOf() }] });
        });
        for (const step of journeyCommands)
          await timed(latencies, () =>
            handle.executeUpdate(executeCommand, { args: [{ command: step.body as unknown as Command, actor: actorOf(step.as) }] }),
          );
        return journeyWorkflowId(journeyId);
      };
      await engineJourney([]);

      const ours: Phase[] = [];
      const base: Phase[] = [];
      const engine: Phase[] = [];
      for (let round = 1; round <= rounds; round++) {
        const profiler = values.profile && round === 1 ? await startProfiler() : null;
        ours.push(await measure(system, serverPid, journeys, concurrency, ourJourney, (ids) => activitiesSettled(client, ids)));
        if (profiler) note(`main-thread CPU profile of our first round: ${await profiler.stop(values.profile!)}`);
        base.push(await measure(system, serverPid, journeys, concurrency, bareJourney, (ids) => activitiesSettled(client, ids)));
        engine.push(await measure(system, serverPid, journeys, concurrency, engineJourney, (ids) => activitiesSettled(client, ids)));
        note(
          `round ${round}: ours ${fixed(ours.at(-1)!.cpu.wallMs)} ms, bare ${fixed(base.at(-1)!.cpu.wallMs)} ms, ours without the API ${fixed(engine.at(-1)!.cpu.wallMs)} ms`,
        );
      }

      const total = (phases: Phase[]) => {
        const steps = phases.reduce((s, p) => s + p.steps, 0);
        const per = (f: (p: Phase) => number) => (phases.reduce((s, p) => s + f(p), 0) / steps) * 1000;
        return {
          steps,
          latency: summarise(phases.flatMap((p) => p.latencies)),
          wallPerStep: per((p) => p.cpu.wallMs / 1000),
          cpuPerStep: per((p) => p.cpu.selfSeconds + p.cpu.serverSeconds),
          serverPerStep: per((p) => p.cpu.serverSeconds),
          selfPerStep: per((p) => p.cpu.selfSeconds),
          postgresPerStep: per((p) => p.postgresSeconds),
          transactionsPerStep: per((p) => p.transactions) / 1000,
          threadPerStep: (name: string) => per((p) => p.threads.get(name) ?? 0),
        };
      };
      const o = total(ours);
      const b = total(base);
      const count = (s: HistoryShape) =>
        `${s.updates} updates, ${s.activities.length} activities, ${s.timers} timers, ${s.workflowTasks} workflow tasks`;
      out(
        `Engine overhead: ${rounds} rounds x ${journeys} journeys x ${shape.updates} steps each, ${concurrency} at a time; ours through the HTTP API, bare through the Temporal client`,
      );
      out(
        `Per journey: ours ${count(shape)} (${[...new Set(shape.activities)].map((t) => `${t} x${shape.activities.filter((a) => a === t).length}`).join(', ')}); bare ${count(bareShape)}`,
      );
      out('');
      out('| per step | ours | bare Temporal | ratio | goal |');
      out('|---|---|---|---|---|');
      out(
        `| wall, median of step latency (ms) | ${fixed(o.latency.p50)} | ${fixed(b.latency.p50)} | ${ratio(o.latency.p50, b.latency.p50)} | <= 1.25x |`,
      );
      out(
        `| wall, p95 of step latency (ms) | ${fixed(o.latency.p95)} | ${fixed(b.latency.p95)} | ${ratio(o.latency.p95, b.latency.p95)} | |`,
      );
      out(
        `| wall, phase time / steps, incl. the last messages (ms) | ${fixed(o.wallPerStep)} | ${fixed(b.wallPerStep)} | ${ratio(o.wallPerStep, b.wallPerStep)} | <= 1.25x |`,
      );
      out(
        `| CPU, this process (API + worker + client) + dev server (ms) | ${fixed(o.cpuPerStep)} | ${fixed(b.cpuPerStep)} | ${ratio(o.cpuPerStep, b.cpuPerStep)} | <= 1.5x |`,
      );
      out(`| of which this process (ms) | ${fixed(o.selfPerStep)} | ${fixed(b.selfPerStep)} | ${ratio(o.selfPerStep, b.selfPerStep)} | |`);
      out(
        `| of which the dev server (ms) | ${fixed(o.serverPerStep)} | ${fixed(b.serverPerStep)} | ${ratio(o.serverPerStep, b.serverPerStep)} | |`,
      );
      for (const name of new Set([...ours[0]!.threads.keys(), ...base[0]!.threads.keys()]))
        out(
          `| of this process: ${name} (ms) | ${fixed(o.threadPerStep(name))} | ${fixed(b.threadPerStep(name))} | ${ratio(o.threadPerStep(name), b.threadPerStep(name))} | |`,
        );
      out(`| PostgreSQL backends, not in the CPU row (ms) | ${fixed(o.postgresPerStep)} | ${fixed(b.postgresPerStep)} | | |`);
      out(`| PostgreSQL transactions committed | ${fixed(o.transactionsPerStep)} | ${fixed(b.transactionsPerStep)} | | |`);
      out(
        `| workflow tasks / activities (from history) | ${fixed(shape.workflowTasks / shape.updates, 2)} / ${fixed(shape.activities.length / shape.updates, 2)} | ${fixed(bareShape.workflowTasks / bareShape.updates, 2)} / ${fixed(bareShape.activities.length / bareShape.updates, 2)} | | |`,
      );
      const e = total(engine);
      out('');
      out(
        `The API's share: our engine driven through the Temporal client, as the bare workflow is (no HTTP, auth, validation, access check, read after the command or audit row)`,
      );
      out('');
      out('| per step | ours through the API | ours through the Temporal client | bare Temporal | client-driven vs bare |');
      out('|---|---|---|---|---|');
      out(
        `| wall, median of step latency (ms) | ${fixed(o.latency.p50)} | ${fixed(e.latency.p50)} | ${fixed(b.latency.p50)} | ${ratio(e.latency.p50, b.latency.p50)} |`,
      );
      out(
        `| wall, p95 of step latency (ms) | ${fixed(o.latency.p95)} | ${fixed(e.latency.p95)} | ${fixed(b.latency.p95)} | ${ratio(e.latency.p95, b.latency.p95)} |`,
      );
      out(
        `| wall, phase time / steps, incl. the last messages (ms) | ${fixed(o.wallPerStep)} | ${fixed(e.wallPerStep)} | ${fixed(b.wallPerStep)} | ${ratio(e.wallPerStep, b.wallPerStep)} |`,
      );
      out(
        `| CPU, this process + dev server (ms) | ${fixed(o.cpuPerStep)} | ${fixed(e.cpuPerStep)} | ${fixed(b.cpuPerStep)} | ${ratio(e.cpuPerStep, b.cpuPerStep)} |`,
      );
      out(
        `| PostgreSQL transactions committed | ${fixed(o.transactionsPerStep)} | ${fixed(e.transactionsPerStep)} | ${fixed(b.transactionsPerStep)} | |`,
      );
    } finally {
      await bare.stop();
      await system.stop();
    }
  });
}

runBench(main);
