import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema';
import { EventIdConflict, WrongExpectedVersion } from './errors';
import type { NewEvent, StoredEvent } from './events';
import { readStream } from './read';

export interface AppendResult {
  /** The stream's version after the append (after the first one, for a retry). */
  version: number;
  events: StoredEvent[];
  /** True for a retry of an append already stored: nothing was written. */
  duplicate: boolean;
}

/** Read models updated inside the append's transaction, so they never disagree with the log. */
export type Projector = (tx: Transaction<Database>, events: readonly StoredEvent[]) => Promise<void>;

/**
 * Appends events to a stream that must be at `expectedVersion` (0 for a new stream), and runs the
 * projectors in the same transaction: a failing projector rolls the append back.
 *
 * A retry of the same batch (the events right after `expectedVersion` carry exactly its ids, in order)
 * writes nothing and answers as the first append did, with `duplicate: true`, so an activity may safely
 * run twice. A stream at another version throws `WrongExpectedVersion`; when it is ahead, the error holds
 * the events after `expectedVersion`, for a writer that adopts them. An event id stored by another
 * append throws `EventIdConflict`. Either way nothing is written.
 *
 * @example
 * const { version } = await appendToStream(db, journeyStreamId(id), 3, [event], journeyProjectors(dayMs));
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
    const { actual, positions } = await appendStreamEvents(tx, streamId, expectedVersion, events);
    if (positions === null) return answerUnappended(tx, streamId, expectedVersion, actual, events);
    const stored = events.map((event, i): StoredEvent => ({
      ...event,
      // As the log gives it back, so that live read models equal rebuilt ones.
      occurredAt: new Date(event.occurredAt).toISOString(),
      commandId: event.commandId ?? null,
      streamId,
      version: expectedVersion + i + 1,
      globalPosition: positions[i]!,
    }));
    for (const project of projectors) await project(tx, stored);
    return { version: expectedVersion + events.length, events: stored, duplicate: false };
  });
}

/**
 * The stream's lock, the version check, the events and the stream's new version in one call of
 * `append_stream_events` (append-function.ts): the stream's version before the call, and the events'
 * global positions, or null when it was not at `expectedVersion` and nothing was written.
 */
async function appendStreamEvents(
  tx: Transaction<Database>,
  streamId: string,
  expectedVersion: number,
  events: readonly NewEvent[],
): Promise<{ actual: number; positions: string[] | null }> {
  const payload = events.map((e, i) => ({
    version: expectedVersion + i + 1,
    event_id: e.eventId,
    type: e.type,
    data: e.data,
    actor: e.actor,
    occurred_at: e.occurredAt,
    command_id: e.commandId ?? null,
  }));
  try {
    const { rows } = await sql<{ stream_version: number; appended_position: string | null }>`
      select stream_version, appended_position from append_stream_events(${streamId}, ${expectedVersion}, ${JSON.stringify(payload)}::jsonb)`.execute(
      tx,
    );
    const actual = rows[0]!.stream_version;
    return { actual, positions: rows[0]!.appended_position === null ? null : rows.map((row) => String(row.appended_position)) };
  } catch (error) {
    throw eventIdConflictOf(error, streamId, events) ?? error;
  }
}

/** The stream was not at `expectedVersion`: a retry of this very batch, or a conflict. */
async function answerUnappended(
  tx: Transaction<Database>,
  streamId: string,
  expectedVersion: number,
  actual: number,
  events: readonly NewEvent[],
): Promise<AppendResult> {
  if (actual < expectedVersion) throw new WrongExpectedVersion(streamId, expectedVersion, actual);
  const ahead = await readStream(tx, streamId, expectedVersion + 1);
  const isRetry = ahead.length >= events.length && events.every((event, i) => ahead[i]!.eventId === event.eventId);
  if (isRetry) return { version: expectedVersion + events.length, events: ahead.slice(0, events.length), duplicate: true };
  throw new WrongExpectedVersion(streamId, expectedVersion, actual, ahead);
}

/** PostgreSQL's unique violation on `events.event_id` (migration 0001) as the error it means here. */
function eventIdConflictOf(error: unknown, streamId: string, events: readonly NewEvent[]): EventIdConflict | null {
  const { code, constraint, detail } = (error ?? {}) as { code?: unknown; constraint?: unknown; detail?: unknown };
  if (code !== '23505' || constraint !== 'events_event_id_key') return null;
  // PostgreSQL names the stored id in its detail: "Key (event_id)=(...) already exists."
  const stored = typeof detail === 'string' ? /\(event_id\)=\(([^)]+)\)/.exec(detail)?.[1] : undefined;
  return new EventIdConflict(streamId, stored ? [stored] : events.map((event) => event.eventId));
}
