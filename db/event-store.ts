import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

/** An event to append. The id is chosen by the writer so that a retry carries the same ids. */
export interface NewEvent {
  eventId: string;
  type: string;
  data: unknown;
  actor: { sub: string; role: string };
  occurredAt: string;
  /** The command that produced it (the API's update id), when a client's command did. */
  commandId?: string | null;
}

/** An event as stored, with its place in its stream and in the whole log. */
export interface StoredEvent extends NewEvent {
  streamId: string;
  version: number;
  globalPosition: string;
}

export interface AppendResult {
  /** The stream's version after the append. */
  version: number;
  events: StoredEvent[];
  /** True when every event was already stored: a retry, answered without writing anything. */
  duplicate: boolean;
}

/** Read models updated inside the append's transaction, so they never disagree with the log. */
export type Projector = (tx: Transaction<Database>, events: readonly StoredEvent[]) => Promise<void>;

/** The stream is not at the version the writer expected: someone else appended first. */
export class WrongExpectedVersion extends Error {
  override readonly name = 'WrongExpectedVersion';
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, not the expected ${expected}.`);
  }
}

/** Some of the event ids exist already, but not as this exact append: ids were reused for other events. */
export class EventIdConflict extends Error {
  override readonly name = 'EventIdConflict';
  constructor(readonly streamId: string, readonly eventIds: string[]) {
    super(`Events ${eventIds.join(', ')} already exist, but not as this append to stream ${streamId}.`);
  }
}

/**
 * Appends events to a stream that must be at `expectedVersion` (0 for a new stream). A retry with the same
 * event ids returns the first result and writes nothing, so an activity may safely run twice.
 */
export async function appendToStream(
  db: Kysely<Database>,
  streamId: string,
  expectedVersion: number,
  events: readonly NewEvent[],
  projectors: readonly Projector[] = [],
): Promise<AppendResult> {
  if (events.length === 0) throw new Error('appendToStream needs at least one event');
  return db.transaction().execute(async (tx) => {
    const actual = await lockStream(tx, streamId);
    const ids = events.map((e) => e.eventId);
    const existing = await tx.selectFrom('events').selectAll().where('event_id', 'in', ids).orderBy('version').execute();
    if (existing.length > 0) {
      const sameAppend =
        existing.length === events.length && existing.every((row, i) => row.stream_id === streamId && row.event_id === ids[i]);
      if (!sameAppend) throw new EventIdConflict(streamId, existing.map((row) => row.event_id));
      return { version: actual, events: existing.map(toStoredEvent), duplicate: true };
    }
    if (actual !== expectedVersion) throw new WrongExpectedVersion(streamId, expectedVersion, actual);
    return { version: expectedVersion + events.length, events: await insertEvents(tx, streamId, expectedVersion, events, projectors), duplicate: false };
  });
}

/** What `appendOrReadAhead` did: appended the events, or found the stream already past the expected version. */
export type AppendOrAhead = { appended: true; version: number; events: StoredEvent[] } | { appended: false; version: number; ahead: StoredEvent[] };

/**
 * For a writer that is the stream's only decider but may lose its own record of what it wrote (a
 * workflow whose local activity appended, then crashed before Temporal recorded the result): appends at
 * `expectedVersion`, or, when the stream is already past it, writes nothing and returns the events after
 * it, for the writer to adopt before it decides again. No event-id lookup: the stream's version alone
 * says whether this append happened, and the unique index still refuses a reused id.
 */
export async function appendOrReadAhead(
  db: Kysely<Database>,
  streamId: string,
  expectedVersion: number,
  events: readonly NewEvent[],
  projectors: readonly Projector[] = [],
): Promise<AppendOrAhead> {
  if (events.length === 0) throw new Error('appendOrReadAhead needs at least one event');
  return db.transaction().execute(async (tx) => {
    // Lock, version check, events and the stream's new version in one call (migration 0016).
    const payload = events.map((e, i) => ({
      version: expectedVersion + i + 1,
      event_id: e.eventId,
      type: e.type,
      data: e.data,
      actor: e.actor,
      occurred_at: e.occurredAt,
      command_id: e.commandId ?? null,
    }));
    const { rows } = await sql<{ stream_version: number; appended_position: string | null }>`
      select stream_version, appended_position from append_stream_events(${streamId}, ${expectedVersion}, ${JSON.stringify(payload)}::jsonb)`.execute(tx);
    const actual = rows[0]!.stream_version;
    if (rows[0]!.appended_position === null) {
      if (actual < expectedVersion) throw new WrongExpectedVersion(streamId, expectedVersion, actual);
      return { appended: false, version: actual, ahead: await readStream(tx, streamId, expectedVersion + 1) };
    }
    const stored: StoredEvent[] = events.map((e, i) => ({ ...e, commandId: e.commandId ?? null, streamId, version: expectedVersion + i + 1, globalPosition: String(rows[i]!.appended_position) }));
    for (const project of projectors) await project(tx, stored);
    return { appended: true, version: expectedVersion + events.length, events: stored };
  });
}

/**
 * Takes the stream's row lock (creating the row for a new stream) and returns its version, in one
 * statement: concurrent appends to one stream queue here, other streams do not wait.
 */
async function lockStream(tx: Transaction<Database>, streamId: string): Promise<number> {
  const { version } = await tx
    .insertInto('streams')
    .values({ stream_id: streamId, version: 0, updated_at: new Date() })
    .onConflict((oc) => oc.column('stream_id').doUpdateSet({ stream_id: sql`excluded.stream_id` }))
    .returning('version')
    .executeTakeFirstOrThrow();
  return version;
}

/** Inserts the events after `expectedVersion`, moves the stream's version on, and runs the projectors. */
async function insertEvents(tx: Transaction<Database>, streamId: string, expectedVersion: number, events: readonly NewEvent[], projectors: readonly Projector[]): Promise<StoredEvent[]> {
  // The stream's new version goes in the same statement as its events: one round trip, not two.
  const inserted = await tx
    .with('moved', (db) => db.updateTable('streams').set({ version: expectedVersion + events.length, updated_at: new Date() }).where('stream_id', '=', streamId))
    .insertInto('events')
    .values(
      events.map((e, i) => ({
        stream_id: streamId,
        version: expectedVersion + i + 1,
        event_id: e.eventId,
        type: e.type,
        data: JSON.stringify(e.data),
        actor: JSON.stringify(e.actor),
        occurred_at: e.occurredAt,
        command_id: e.commandId ?? null,
      })),
    )
    .returningAll()
    .execute();
  const stored = inserted.map(toStoredEvent);
  for (const project of projectors) await project(tx, stored);
  return stored;
}

/** A stream's events in order, optionally from a version on. */
export async function readStream(db: Kysely<Database>, streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('stream_id', '=', streamId)
    .where('version', '>=', fromVersion)
    .orderBy('version')
    .execute();
  return rows.map(toStoredEvent);
}

/** The stream's version, 0 when it does not exist. */
export async function streamVersion(db: Kysely<Database>, streamId: string): Promise<number> {
  const row = await db.selectFrom('streams').select('version').where('stream_id', '=', streamId).executeTakeFirst();
  return row?.version ?? 0;
}


/** A row of `events` as the event it stores. */
export function toStoredEvent(row: {
  global_position: string;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: unknown;
  actor: unknown;
  occurred_at: Date;
  command_id?: string | null;
}): StoredEvent {
  return {
    globalPosition: String(row.global_position),
    streamId: row.stream_id,
    version: row.version,
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    actor: row.actor as StoredEvent['actor'],
    occurredAt: row.occurred_at.toISOString(),
    commandId: row.command_id ?? null,
  };
}

/** Used by tests and operations: the whole log's size. */
export async function countEvents(db: Kysely<Database>): Promise<number> {
  const { count } = await db.selectFrom('events').select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(count);
}
