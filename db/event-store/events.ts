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
