import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

/** An event to append. The id is chosen by the writer so that a retry carries the same ids. */
export interface NewEvent {
  eventId: string;
  type: string;
  data: unknown;
  actor: { sub: string; role: string };
  occurredAt: string;
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
    // The stream row is the lock: concurrent appends to one stream queue here, other streams do not wait.
    await tx
      .insertInto('streams')
      .values({ stream_id: streamId, version: 0, updated_at: new Date() })
      .onConflict((oc) => oc.column('stream_id').doNothing())
      .execute();
    const { version: actual } = await tx
      .selectFrom('streams')
      .select('version')
      .where('stream_id', '=', streamId)
      .forUpdate()
      .executeTakeFirstOrThrow();

    const ids = events.map((e) => e.eventId);
    const existing = await tx.selectFrom('events').selectAll().where('event_id', 'in', ids).orderBy('version').execute();
    if (existing.length > 0) {
      const sameAppend =
        existing.length === events.length && existing.every((row, i) => row.stream_id === streamId && row.event_id === ids[i]);
      if (!sameAppend) throw new EventIdConflict(streamId, existing.map((row) => row.event_id));
      return { version: actual, events: existing.map(toStoredEvent), duplicate: true };
    }
    if (actual !== expectedVersion) throw new WrongExpectedVersion(streamId, expectedVersion, actual);

    const inserted = await tx
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
        })),
      )
      .returningAll()
      .execute();
    const version = expectedVersion + events.length;
    await tx.updateTable('streams').set({ version, updated_at: new Date() }).where('stream_id', '=', streamId).execute();

    const stored = inserted.map(toStoredEvent);
    for (const project of projectors) await project(tx, stored);
    return { version, events: stored, duplicate: false };
  });
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
  };
}

/** Used by tests and operations: the whole log's size. */
export async function countEvents(db: Kysely<Database>): Promise<number> {
  const { count } = await db.selectFrom('events').select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(count);
}
