import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { bareStep, type bareWorkflow } from './bare/bare-workflow';
import { bareTaskQueue, startBareSide } from './bare/bare-worker';
import { runBench, startBenchSystem, withBenchEnv } from './bench-env';
import { historyShape, journeyCommands, openJourney, sendCommand } from './journey-steps';
import { journeyWorkflowId } from '../domain/ids';
import { keepAliveClient } from './keep-alive-client';
import { fixed, inParallel, machineLine, note, out } from './measure';
import { runOpenLoop, type OpenLoopResult } from './open-loop';
import { startPlainUpdateServer } from './plain-update-server';

/**
 * `npm run bench:latency`: API command latency at a fixed rate (open loop), beside a bare node:http handler
 * doing one UPDATE on the same database at the same rate, and beside Temporal alone: a Workflow Update of the
 * bare workflow (one no-op activity, a no-op message activity after the same steps as ours) at the same
 * rate. Each command is the next step of one of many journeys opened beforehand, never two at once on the
 * same journey, so every command is accepted.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '60' },
      warmup: { type: 'string', default: '5' },
    },
  });
  const rate = Number(values.rate);
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);
  out(machineLine());
  await withBenchEnv({}, async (env) => {
    const system = await startBenchSystem(env);
    const plain = await startPlainUpdateServer(env.databaseUrl);
    const plainRequest = keepAliveClient(plain.url, system.config.AUTH_DEV_SECRET);
    const bare = await startBareSide(env);
    try {
      const commands = Math.round((seconds + warmup) * rate);
      // Enough journeys that each always has its next step ready, with room for answers still in flight.
      const journeys = Math.ceil(commands / journeyCommands.length) + rate * 2;
      note(`opening ${journeys} journeys`);
      const ready: Array<{ id: string; next: number }> = (
        await inParallel(Array.from({ length: journeys }), 8, () => openJourney(system.request))
      ).map((id) => ({ id, next: 0 }));

      note(`ours: ${rate}/s for ${seconds} s after ${warmup} s warm-up`);
      let starved = 0;
      const ours = await runOpenLoop(rate, seconds, warmup, async () => {
        const journey = ready.shift();
        if (!journey) {
          starved += 1;
          return false;
        }
        const step = journeyCommands[journey.next]!;
        const response = await system.request('POST', `/api/journeys/${journey.id}/commands`, { body: step.body, as: step.as });
        journey.next += 1;
        if (journey.next < journeyCommands.length) ready.push(journey);
        if (response.status !== 200) note(`${String(step.body.type)} answered ${response.status}`);
        return response.status === 200;
      });

      note(`plain UPDATE: ${rate}/s for ${seconds} s after ${warmup} s warm-up`);
      const base = await runOpenLoop(rate, seconds, warmup, async (i) => {
        const response = await plainRequest('POST', `/update/${i}`, { as: null });
        return response.status === 200;
      });

      // Temporal alone: as many bare workflows, each update the next step, owing a message where ours does.
      const sample = await openJourney(system.request);
      for (const step of journeyCommands) await sendCommand(system.request, sample, step);
      const shape = await historyShape(bare.client, journeyWorkflowId(sample));
      const bareReady = await inParallel(Array.from({ length: journeys }), 8, async () => {
        const workflowId = `bare-${randomUUID()}`;
        await bare.client.workflow.start<typeof bareWorkflow>('bareWorkflow', { workflowId, taskQueue: bareTaskQueue, args: [] });
        return { id: workflowId, next: 1 };
      });
      note(`bare Temporal update: ${rate}/s for ${seconds} s after ${warmup} s warm-up`);
      const temporalOnly = await runOpenLoop(rate, seconds, warmup, async () => {
        const journey = bareReady.shift();
        if (!journey) return false;
        await bare.client.workflow
          .getHandle(journey.id)
          .executeUpdate(bareStep, { args: [{ notify: shape.notifyAfterUpdate[journey.next] ?? false }] });
        journey.next += 1;
        if (journey.next < shape.updates) bareReady.push(journey);
        return true;
      });

      const row = (name: string, r: OpenLoopResult) =>
        `| ${name} | ${r.sent} | ${fixed(r.latency.p50)} | ${fixed(r.latency.p95)} | ${fixed(r.latency.p99)} | ${fixed(r.latency.max)} | ${r.errors} | ${fixed(r.lagMs)} |`;
      out(
        `API command latency: open loop at ${rate} requests/s for ${seconds} s (after ${warmup} s warm-up), latency from each request's scheduled time; ${journeys} journeys driven step by step${starved ? `; ${starved} requests found no journey ready` : ''}`,
      );
      out('');
      out('| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | errors | client lag ms |');
      out('|---|---|---|---|---|---|---|---|');
      out(row('POST /api/journeys/{id}/commands', ours));
      out(row('plain node:http + one UPDATE (baseline)', base));
      out(row('bare Temporal update, no-op activity (Temporal alone)', temporalOnly));
      out('');
      out(
        `p95 over the baseline: +${fixed(ours.latency.p95 - base.latency.p95)} ms (goal <= +30 ms); Temporal alone: +${fixed(temporalOnly.latency.p95 - base.latency.p95)} ms`,
      );
    } finally {
      plainRequest.close();
      await bare.stop();
      await plain.stop();
      await system.stop();
    }
  });
}

runBench(main);
