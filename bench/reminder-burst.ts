import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { decide, evolve, initialState, nextDue, type Command, type JourneyState, type RecordedEvent } from '../domain';
import type { Actor } from '../domain/vocabulary';
import { appendToStream } from '../db/event-store';
import { journeyProjectors } from '../db/projections';
import { journeyIdOfStream, journeyStreamId, journeyWorkflowId } from '../domain/ids';
import { dataConverterFor } from '../lib/payload-codec';
import type { journeyWorkflow } from '../workflows/journey-workflow';
import type { bareTimerWorkflow } from './bare/bare-workflow';
import { bareTaskQueue, startBareSide } from './bare/bare-worker';
import { runBench, startBenchSystem, withBenchEnv } from './bench-env';
import { fixed, inParallel, machineLine, note, out, ratio, summarise, waitUntil } from './measure';

const coordinator: Actor = { sub: 'alice', role: 'coordinator' };
/** Open, a coordinator, consent: the journey enters awareness and waits on the person, who is nudged at 7 policy days. */
const commands: Command[] = [
  { type: 'open_journey', journeyId: '', pathway: 'chc', team: 'north', referralSource: 'gp' },
  { type: 'assign_coordinator', coordinator: 'alice' },
  { type: 'record_consent', given: true, by: 'person' },
];

/** Folds the commands at `at`, returning the events as recorded and the state. */
function fold(journeyId: string, at: string): { events: RecordedEvent[]; state: JourneyState } {
  let state = initialState;
  const events: RecordedEvent[] = [];
  for (const command of commands) {
    const decided = decide(command.type === 'open_journey' ? { ...command, journeyId } : command, state, { actor: coordinator });
    for (const event of decided) {
      const recorded = { ...event, eventId: randomUUID(), version: state.version + 1, occurredAt: at, actor: coordinator } as RecordedEvent;
      events.push(recorded);
      state = evolve(state, recorded);
    }
  }
  return { events, state };
}

/** How long after the last command the first reminder falls due, in this policy. */
function reminderOffsetMs(policyDayMs: number): { offsetMs: number; key: string } {
  const at = '2026-01-01T00:00:00.000Z';
  const due = nextDue(fold('probe', at).state, policyDayMs)!;
  return { offsetMs: Date.parse(due.dueAt) - Date.parse(at), key: due.key };
}

/**
 * `npm run bench:reminders`: N journeys whose first reminders fall due within one policy minute. Each is
 * seeded as a journey that has been waiting on the person for almost seven policy days: its events appended
 * (backdated) with the read models, and its workflow started with the state folded from them, as a continued
 * run is; then the timers fire together. Checked afterwards: every reminder recorded once and queued once,
 * none before its time; lateness measured from the due time to the reminder_sent append and to the outbox
 * row. Beside it, bare Temporal timers due in the same spread, each running one no-op activity.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      journeys: { type: 'string', default: '5000' },
      'window-seconds': { type: 'string', default: '60' },
      'lead-seconds': { type: 'string' },
      'policy-day-ms': { type: 'string', default: '86400000' },
      concurrency: { type: 'string', default: '16' },
      'skip-baseline': { type: 'boolean', default: false },
    },
  });
  const n = Number(values.journeys);
  const windowMs = Number(values['window-seconds']) * 1000;
  const policyDayMs = Number(values['policy-day-ms']);
  // Seeding and starting must finish before the first timer: 15 to 45 journeys a second on this 2-core machine,
  // as busy as it was (the bench warns when seeding overran).
  const leadMs = Number(values['lead-seconds'] ?? 30 + n / 30) * 1000;
  const concurrency = Number(values.concurrency);
  out(machineLine());
  await withBenchEnv({}, async (env) => {
    const system = await startBenchSystem(env, { POLICY_DAY_MS: String(policyDayMs) });
    const bareDone = new Map<string, number>();
    const bare = await startBareSide(env, (id) => bareDone.set(id, Date.now()));
    const connection = await Connection.connect({ address: env.dev.server.address });
    const client = new Client({
      connection,
      namespace: env.dev.config.namespace,
      dataConverter: dataConverterFor(system.config, env.dev.config.namespace),
    });
    try {
      const projectors = journeyProjectors(policyDayMs);
      const { offsetMs, key } = reminderOffsetMs(policyDayMs);
      const firstDue = Date.now() + leadMs;
      const dueOf = (i: number) => firstDue + Math.floor((i * windowMs) / n);
      note(`seeding ${n} journeys; reminders due from ${new Date(firstDue).toISOString()} over ${windowMs / 1000} s`);
      const seedStarted = Date.now();
      const ids = await inParallel(
        Array.from({ length: n }, (_, i) => i),
        concurrency,
        async (i) => {
          const journeyId: string = randomUUID();
          const { events, state } = fold(journeyId, new Date(dueOf(i) - offsetMs).toISOString());
          await system.db
            .insertInto('people')
            .values({
              journey_id: journeyId,
              name: `Synthetic Person ${i}`,
              nhs_number: '9434765919',
              date_of_birth: '1950-03-02',
              contact: JSON.stringify({ email: `synthetic.person.${i}@example.org` }),
              preferences: JSON.stringify({ channel: 'email', format: 'standard', language: 'en' }),
              representative: null,
            })
            .execute();
          await appendToStream(
            system.db,
            journeyStreamId(journeyId),
            0,
            events.map(({ eventId, type, data, actor, occurredAt }) => ({ eventId, type, data, actor, occurredAt })),
            projectors,
          );
          await client.workflow.start<typeof journeyWorkflow>('journeyWorkflow', {
            workflowId: journeyWorkflowId(journeyId),
            taskQueue: system.config.TEMPORAL_TASK_QUEUE,
            args: [{ journeyId, policyDayMs, state }],
          });
          return journeyId;
        },
      );
      const seeded = Date.now();
      note(
        `seeded in ${fixed((seeded - seedStarted) / 1000)} s (${fixed(n / ((seeded - seedStarted) / 1000))}/s); ${fixed((firstDue - seeded) / 1000)} s before the first reminder`,
      );
      if (seeded > firstDue) note('WARNING: seeding ran past the first due time; raise --lead-seconds');

      const recorded = async () =>
        Number((await sql<{ n: string }>`select count(*) as n from events where type = 'reminder_sent'`.execute(system.db)).rows[0]!.n);
      await waitUntil(`${n} reminders`, async () => (await recorded()) >= n, leadMs + windowMs + 600_000, 1000).catch((e: Error) =>
        note(e.message),
      );
      // A moment more, so that a reminder recorded twice or queued twice would show.
      await new Promise((resolve) => setTimeout(resolve, 5000));

      const dueByJourney = new Map(ids.map((id, i) => [id, dueOf(i)]));
      const events = (
        await sql<{
          stream_id: string;
          occurred_at: Date;
          recorded_at: Date;
          key: string;
        }>`select stream_id, occurred_at, recorded_at, data->>'key' as key from events where type = 'reminder_sent'`.execute(system.db)
      ).rows;
      const rows = (
        await sql<{
          journey_id: string;
          due_key: string;
          queued_at: Date;
          due_at: Date;
        }>`select journey_id, due_key, queued_at, due_at from notifications`.execute(system.db)
      ).rows;
      const journeyOf = (streamId: string) => journeyIdOfStream(streamId) ?? streamId;
      const perKey = new Map<string, number>();
      for (const e of events) perKey.set(`${e.stream_id}/${e.key}`, (perKey.get(`${e.stream_id}/${e.key}`) ?? 0) + 1);
      const twice = [...perKey.values()].filter((c) => c > 1).length;
      const early = events.filter(
        (e) =>
          e.occurred_at.getTime() < dueByJourney.get(journeyOf(e.stream_id))! ||
          e.recorded_at.getTime() < dueByJourney.get(journeyOf(e.stream_id))!,
      ).length;
      const wrongKey = events.filter((e) => e.key !== key).length;
      const queued = new Set(rows.filter((r) => r.due_key === key).map((r) => r.journey_id));
      const queuedEarly = rows.filter((r) => r.due_key === key && r.queued_at.getTime() < dueByJourney.get(r.journey_id)!).length;
      const recordLateness = summarise(events.map((e) => e.recorded_at.getTime() - dueByJourney.get(journeyOf(e.stream_id))!));
      const queueLateness = summarise(
        rows.filter((r) => r.due_key === key).map((r) => r.queued_at.getTime() - dueByJourney.get(r.journey_id)!),
      );
      const lastQueued = Math.max(...rows.map((r) => r.queued_at.getTime()));

      let bareLateness = summarise([]);
      if (!values['skip-baseline']) {
        const bareFirst = Date.now() + Math.max(10_000, leadMs / 4);
        const bareDue = new Map<string, number>();
        await inParallel(
          Array.from({ length: n }, (_, i) => i),
          concurrency,
          async (i) => {
            const workflowId = `bare-timer-${randomUUID()}`;
            const dueAt = bareFirst + Math.floor((i * windowMs) / n);
            bareDue.set(workflowId, dueAt);
            await bare.client.workflow.start<typeof bareTimerWorkflow>('bareTimerWorkflow', {
              workflowId,
              taskQueue: bareTaskQueue,
              args: [dueAt],
            });
          },
        );
        if (Date.now() > bareFirst) note('WARNING: the bare timers were started after the first was due');
        await waitUntil(`${n} bare timers`, async () => bareDone.size >= n, windowMs + 600_000, 1000).catch((e: Error) => note(e.message));
        bareLateness = summarise([...bareDone].map(([id, at]) => at - bareDue.get(id)!));
      }

      out(
        `Reminder burst: ${n} journeys waiting on the person, first reminders (${key.replace(/^[^:]+:\d+:/, '')}) due over ${windowMs / 1000} s of a ${policyDayMs} ms policy day; NOTIFY_CHANNEL=outbox (a reminder is delivered when its outbox row is queued)`,
      );
      out('');
      out(`| | ours | bare Temporal timer + no-op activity | ratio |`);
      out('|---|---|---|---|');
      out(
        `| reminders recorded (reminder_sent) / expected | ${events.length} / ${n} | ${bareDone.size} / ${values['skip-baseline'] ? 0 : n} | |`,
      );
      out(`| journeys with the reminder queued in the outbox | ${queued.size} | | |`);
      out(`| recorded twice / early / other key / queued early | ${twice} / ${early} / ${wrongKey} / ${queuedEarly} | | |`);
      out(
        `| lateness to the reminder_sent append, p50 / p99 / max (ms) | ${fixed(recordLateness.p50)} / ${fixed(recordLateness.p99)} / ${fixed(recordLateness.max)} | ${fixed(bareLateness.p50)} / ${fixed(bareLateness.p99)} / ${fixed(bareLateness.max)} | ${ratio(recordLateness.p99, bareLateness.p99)} at p99 |`,
      );
      out(
        `| lateness to the outbox row, p50 / p99 / max (ms) | ${fixed(queueLateness.p50)} / ${fixed(queueLateness.p99)} / ${fixed(queueLateness.max)} | | |`,
      );
      out(`| burst drained (last row queued after the last due time, s) | ${fixed((lastQueued - dueOf(n - 1)) / 1000)} | | |`);
    } finally {
      await bare.stop();
      await connection.close();
      await system.stop();
    }
  });
}

runBench(main);
