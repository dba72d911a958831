import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import { duePoints, evolve, initialState, type JourneyState, type RecordedEvent } from '../../domain';
import { toStoredEvent } from '../../db/event-store';
import { journeyIdOfStream } from '../../domain/ids';
import { projectionTables, rebuildProjections } from '../../db/projections/rebuild';
import type { Database } from '../../db/schema';
import type { LoadLog } from './chaos-load';

/** The event each acknowledged command must have produced exactly once. */
const eventOf: Record<string, string> = {
  open: 'journey_opened',
  assign_coordinator: 'coordinator_assigned',
  record_consent: 'consent_recorded',
  record_information_given: 'information_given',
  record_decision: 'decision_recorded',
  record_assessment: 'assessment_recorded',
  set_indicative_budget: 'indicative_budget_set',
  record_budget_told: 'budget_told',
  record_advice_offer: 'advice_offered',
  submit_plan: 'plan_submitted',
  approve_plan: 'plan_approved',
  record_support_started: 'support_started',
  put_on_hold: 'journey_put_on_hold',
  resume: 'journey_resumed',
};

export interface Check {
  name: string;
  checked: number;
  violations: string[];
  notes?: string;
}

async function allStreams(db: Kysely<Database>): Promise<Map<string, RecordedEvent[]>> {
  const rows = await db.selectFrom('events').selectAll().orderBy('global_position').execute();
  const streams = new Map<string, RecordedEvent[]>();
  for (const row of rows) {
    const event = toStoredEvent(row) as unknown as RecordedEvent & { streamId: string };
    const journeyId = journeyIdOfStream(event.streamId) ?? event.streamId;
    streams.set(journeyId, [...(streams.get(journeyId) ?? []), event]);
  }
  return streams;
}

/** Every acknowledged command appears exactly once (its event counted per journey and type). */
function commandsOnce(streams: Map<string, RecordedEvent[]>, log: LoadLog): Check {
  const count = (list: LoadLog['acknowledged']) => {
    const map = new Map<string, number>();
    for (const a of list) map.set(`${a.journeyId}/${eventOf[a.type]}`, (map.get(`${a.journeyId}/${eventOf[a.type]}`) ?? 0) + 1);
    return map;
  };
  const acknowledged = count(log.acknowledged);
  const unresolved = count(log.unresolved);
  const violations: string[] = [];
  const unknown = log.acknowledged.filter((a) => !eventOf[a.type]).map((a) => a.type);
  if (unknown.length) violations.push(`no event known for ${[...new Set(unknown)].join(', ')}`);
  for (const [journeyId, events] of streams) {
    for (const type of new Set(Object.values(eventOf))) {
      const seen = events.filter((e) => e.type === type).length;
      const acked = acknowledged.get(`${journeyId}/${type}`) ?? 0;
      const maybe = unresolved.get(`${journeyId}/${type}`) ?? 0;
      if (seen < acked || seen > acked + maybe)
        violations.push(`${journeyId}: ${type} x${seen}, acknowledged ${acked}${maybe ? ` (+${maybe} unanswered)` : ''}`);
    }
  }
  for (const a of log.acknowledged)
    if (!streams.has(a.journeyId)) violations.push(`${a.journeyId}: acknowledged ${a.type} but the journey has no events`);
  return {
    name: 'every acknowledged command exactly once',
    checked: log.acknowledged.length,
    violations,
    notes: `${log.unresolved.length} requests unanswered at the stop`,
  };
}

/** Versions 1..n, the stream row at n, no event id twice. */
async function noGaps(db: Kysely<Database>, streams: Map<string, RecordedEvent[]>): Promise<Check> {
  const versions = new Map(
    (await db.selectFrom('streams').select(['stream_id', 'version']).execute()).map((r) => [
      journeyIdOfStream(r.stream_id) ?? r.stream_id,
      r.version,
    ]),
  );
  const violations: string[] = [];
  const ids = new Set<string>();
  let events = 0;
  for (const [journeyId, stream] of streams) {
    stream.forEach((e, i) => {
      if (e.version !== i + 1) violations.push(`${journeyId}: version ${e.version} at position ${i + 1}`);
      if (ids.has(e.eventId)) violations.push(`${journeyId}: event id ${e.eventId} twice`);
      ids.add(e.eventId);
    });
    events += stream.length;
    if (versions.get(journeyId) !== stream.length)
      violations.push(`${journeyId}: stream row at ${versions.get(journeyId)}, ${stream.length} events`);
  }
  return { name: 'no version gaps', checked: events, violations };
}

/** The read model and Temporal's visibility count the same journeys (polled: visibility lags a little). */
async function countsAgree(db: Kysely<Database>, temporal: Client, log: LoadLog): Promise<Check> {
  const deadline = Date.now() + 30_000;
  const count = async () => ({
    readModel: Number((await sql<{ n: string }>`select count(*) as n from journeys`.execute(db)).rows[0]!.n),
    workflows: (await temporal.workflow.count(`WorkflowType = 'journeyWorkflow'`)).count,
  });
  let { readModel, workflows } = await count();
  while (readModel !== workflows && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    ({ readModel, workflows } = await count());
  }
  const violations = readModel === workflows ? [] : [`read model ${readModel} journeys, Temporal ${workflows} workflows`];
  const unansweredOpens = log.unresolved.filter((u) => u.type === 'open').length;
  if (readModel < log.opened.size || readModel > log.opened.size + unansweredOpens)
    violations.push(`read model ${readModel} journeys, ${log.opened.size} acknowledged opens (+${unansweredOpens} unanswered)`);
  return { name: 'journey counts agree (read model, Temporal, clients)', checked: readModel, violations };
}

/**
 * Reminders exactly once and never early: each key recorded once per journey, each at or after its due
 * time as the pure schedule computes it from the journey's own events before it, and queued at most once.
 */
async function remindersOnce(db: Kysely<Database>, streams: Map<string, RecordedEvent[]>, policyDayMs: number): Promise<Check> {
  const rows = await db.selectFrom('notifications').select(['journey_id', 'due_key', 'due_at', 'queued_at']).execute();
  const queued = new Map(rows.map((r) => [`${r.journey_id}/${r.due_key}`, r]));
  const violations: string[] = [];
  let reminders = 0;
  let unqueued = 0;
  for (const [journeyId, stream] of streams) {
    let state: JourneyState = initialState;
    const seen = new Set<string>();
    for (const event of stream) {
      if (event.type === 'reminder_sent') {
        reminders += 1;
        const key = (event.data as { key: string }).key;
        if (seen.has(key)) violations.push(`${journeyId}: reminder ${key} twice`);
        seen.add(key);
        const due = duePoints(state, policyDayMs).find((p) => p.key === key);
        if (!due) violations.push(`${journeyId}: reminder ${key} was not due at version ${event.version}`);
        else if (Date.parse(event.occurredAt) < Date.parse(due.dueAt))
          violations.push(`${journeyId}: reminder ${key} at ${event.occurredAt}, due ${due.dueAt}`);
        const row = queued.get(`${journeyId}/${key}`);
        if (!row) unqueued += 1;
        else if (row.queued_at.getTime() < Date.parse(due?.dueAt ?? event.occurredAt))
          violations.push(`${journeyId}: ${key} queued before it was due`);
      }
      state = evolve(state, event);
    }
  }
  return {
    name: 'reminders exactly once, never early',
    checked: reminders,
    violations,
    notes: `${unqueued} recorded reminders not yet queued when the worker stopped (its send was still to come)`,
  };
}

/** The projections rebuilt from the events equal the live ones (run with the workers stopped). */
async function rebuildEqualsLive(db: Kysely<Database>, policyDayMs: number): Promise<Check> {
  const snapshot = async () =>
    new Map(
      await Promise.all(
        projectionTables.map(
          async (table) => [table, (await db.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort()] as const,
        ),
      ),
    );
  const live = await snapshot();
  await rebuildProjections(db, { policyDayMs });
  const rebuilt = await snapshot();
  const violations: string[] = [];
  let rows = 0;
  for (const table of projectionTables) {
    const a = live.get(table)!;
    const b = rebuilt.get(table)!;
    rows += a.length;
    const inA = new Set(a);
    const inB = new Set(b);
    const missing = a.filter((row) => !inB.has(row)).length;
    const extra = b.filter((row) => !inA.has(row)).length;
    if (missing || extra) violations.push(`${table}: ${missing} live rows not rebuilt, ${extra} rebuilt rows not live`);
  }
  return { name: 'rebuilt projections equal live ones', checked: rows, violations };
}

/** Every invariant of a chaos run, over the whole database; the system must be quiet (workers stopped). */
export async function checkInvariants(db: Kysely<Database>, temporal: Client, log: LoadLog, policyDayMs: number): Promise<Check[]> {
  const streams = await allStreams(db);
  return [
    commandsOnce(streams, log),
    await noGaps(db, streams),
    await countsAgree(db, temporal, log),
    await remindersOnce(db, streams, policyDayMs),
    await rebuildEqualsLive(db, policyDayMs),
  ];
}
