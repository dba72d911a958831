import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { dateOf } from '../domain/dates';
import { appendToStream, type NewEvent } from '../db/event-store';
import { journeyProjectors } from '../db/projections';
import { journeyStreamId } from '../domain/ids';
import type { Database, PeopleTable } from '../db/schema';
import { generateJourneyScript, type JourneyScript } from './journey-script';
import { emptyTally, tallyScript, type MixTally } from './mix-tally';
import { createRandom } from './prng';
import { syntheticPerson } from './synthetic-person';
import { DAY_MS } from './durations';
import { withRetry } from './retry';

export interface WorkloadOptions {
  journeys: number;
  seed: number;
  /** Nothing is dated after this; default: the current time. */
  now?: Date;
  /** People rows are inserted this many at a time, and progress is reported as often. Default 500. */
  batchSize?: number;
  /** Journeys appended at once; keep it under the pool size. Default 8. */
  concurrency?: number;
  /** Journeys open uniformly over this many days before `now`. Default about 3 years. */
  spanDays?: number;
  /** Record the workflow's reminders as events (default true); reviews start on their dates either way. */
  reminders?: boolean;
  onProgress?: (progress: WorkloadProgress) => void;
}

export interface WorkloadProgress {
  journeys: number;
  events: number;
  totalJourneys: number;
  elapsedMs: number;
}

export interface WorkloadResult extends WorkloadProgress {
  journeysPerSecond: number;
  eventsPerSecond: number;
  /** What was written, counted from the events: pathways, stages at `now`, declines, returns, reviews... */
  mix: MixTally;
}

/** Postgres takes at most 65,535 parameters a statement; an append writes 7 per event. */
const maxEventsPerAppend = 1000;

/**
 * The workload's times are real days, so its read models count durations in days of 86,400,000 ms
 * whatever POLICY_DAY_MS a demo runs with.
 */
const projectors = journeyProjectors(DAY_MS);

/**
 * Writes a synthetic workload straight into the event store: for each journey, a `people` row and its
 * events, through `appendToStream` with `journeyProjectors`, the same append and read models as the
 * live system. Events keep their backdated times; each journey's events go in one append (a very long
 * journey in a few): about 32 events a journey, 8 of them reminders. Journey and event ids are random
 * UUIDs, so running it twice adds a second workload.
 */
export async function generateWorkload(db: Kysely<Database>, options: WorkloadOptions): Promise<WorkloadResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 8, options.journeys));
  const started = Date.now();
  const mix = emptyTally();
  const progress: WorkloadProgress = { journeys: 0, events: 0, totalJourneys: options.journeys, elapsedMs: 0 };
  let nextIndex = 0;
  let people: PersonRow[] = [];

  const flushPeople = async () => {
    const rows = people;
    people = [];
    if (rows.length > 0) await db.insertInto('people').values(rows).execute();
  };

  let failed = false;
  // Each worker generates a journey (CPU) and then appends it (I/O), so generation overlaps other appends.
  const work = async () => {
    for (;;) {
      const index = nextIndex++;
      if (index >= options.journeys || failed) return;
      const script = generateJourneyScript({
        seed: options.seed,
        index,
        journeyId: randomUUID(),
        now,
        spanDays: options.spanDays,
        reminders: options.reminders,
      });
      tallyScript(mix, script, now);
      people.push(personRow(options.seed, script));
      if (people.length >= batchSize) await flushPeople();
      await appendScript(db, script);
      progress.journeys += 1;
      progress.events += script.events.length;
      if (progress.journeys % batchSize === 0) options.onProgress?.({ ...progress, elapsedMs: Date.now() - started });
    }
  };
  // One failure stops the others from taking more journeys, so the error surfaces promptly.
  const worker = () =>
    work().catch((error: unknown) => {
      failed = true;
      throw error;
    });
  await Promise.all(Array.from({ length: concurrency }, worker));
  await flushPeople();

  const elapsedMs = Date.now() - started;
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const result = {
    ...progress,
    elapsedMs,
    journeysPerSecond: progress.journeys / seconds,
    eventsPerSecond: progress.events / seconds,
    mix,
  };
  if (progress.journeys % batchSize !== 0) options.onProgress?.({ ...progress, elapsedMs });
  return result;
}

/** Appends one journey's events with their backdated times, in as few appends as the database allows. */
export async function appendScript(db: Kysely<Database>, script: JourneyScript): Promise<void> {
  const streamId = journeyStreamId(script.journeyId);
  for (let from = 0; from < script.events.length; from += maxEventsPerAppend) {
    const chunk: NewEvent[] = script.events.slice(from, from + maxEventsPerAppend).map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      actor: event.actor,
      occurredAt: event.occurredAt,
    }));
    await withRetry(() => appendToStream(db, streamId, from, chunk, projectors));
  }
}

type PersonRow = Insertable<PeopleTable>;

function personRow(seed: number, script: JourneyScript): PersonRow {
  // Drawn from its own stream, so the person's details never shift the journey's own draws.
  const person = syntheticPerson(createRandom(seed, script.index, 2), script.index + 1, script.pathway, dateOf(script.openedAt));
  return {
    journey_id: script.journeyId,
    name: person.name,
    nhs_number: person.nhsNumber,
    date_of_birth: person.dateOfBirth,
    contact: JSON.stringify(person.contact),
    preferences: JSON.stringify(person.preferences),
    representative: null,
    created_at: script.openedAt,
  };
}
