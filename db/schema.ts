import type { ColumnType, Generated } from 'kysely';
import type { DefaultedTimestamp, Json, NullableTimestamp, Timestamp } from './column-types';
import type { ReadModelDatabase } from './projections/read-models';

/** The append-only log of domain events: the system of record. */
export interface EventsTable {
  global_position: Generated<string>;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: Json;
  actor: Json;
  occurred_at: Timestamp;
  recorded_at: DefaultedTimestamp;
  /** The command that produced the event (the API's update id); null for the workflow's own timers and older appends. */
  command_id: ColumnType<string | null, string | null | undefined, never>;
}

/** One row per stream, holding its version: the row lock that serialises appends to the stream. */
export interface StreamsTable {
  stream_id: string;
  version: number;
  updated_at: Timestamp;
}

/**
 * The person's details, kept apart from the immutable event log so that they can be corrected or erased
 * (UK GDPR) without rewriting history, and never pass through Temporal.
 */
export interface PeopleTable {
  journey_id: string;
  name: string;
  nhs_number: string;
  date_of_birth: string;
  contact: Json;
  preferences: Json;
  representative: Json | null;
  created_at: DefaultedTimestamp;
}

/** Remembered answers to POSTs that carried an Idempotency-Key. */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  resource_id: string;
  status_code: number | null;
  response: Json | null;
  created_at: DefaultedTimestamp;
}

/** The outbox of messages the journey owes people and staff; delivery reads it. */
export interface NotificationsTable {
  id: Generated<string>;
  journey_id: string;
  due_key: string;
  kind: string;
  recipient: string;
  channel: string;
  template: string;
  status: Generated<string>;
  due_at: Timestamp;
  queued_at: DefaultedTimestamp;
  sent_at: NullableTimestamp;
  failure: string | null;
  event_id: string | null;
  reason: string | null;
  format: string | null;
  language: string | null;
  attempts: Generated<number>;
  provider: string | null;
  provider_id: string | null;
  fallback_of: string | null;
  delivered_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  updated_at: DefaultedTimestamp;
}

/** A command's free-text note, beside the log; `version` is the first event the command produced. */
export interface JourneyNotesTable {
  journey_id: string;
  command_id: string;
  version: number;
  command: string;
  note: string;
  actor: Json;
  created_at: DefaultedTimestamp;
}

/** Append-only (a trigger refuses updates and deletes): who read or changed which journey, and the outcome. */
export interface AuditLogTable {
  id: Generated<string>;
  at: DefaultedTimestamp;
  actor_sub: string;
  actor_role: string;
  /** The journey a request read or changed; null when it showed a list, named in `journey_ids`. */
  journey_id: string | null;
  journey_ids: string[] | null;
  action: string;
  outcome: string;
  status: number;
  request_id: string | null;
}

/** A personal link: made for one journey's person, exchanged once for a session, revocable (migration 0017). */
export interface PersonLinksTable {
  link_id: string;
  journey_id: string;
  /** SHA-256 of the link's secret: the link itself is shown once and never stored. */
  token_hash: string;
  created_by: Json;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  revoked_by: Json | null;
}

/** A signed-in browser: its cookie's SHA-256, who it is, until when; ended at sign-out (migration 0017). */
export interface WebSessionsTable {
  token_hash: string;
  principal: Json;
  link_id: string | null;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  ended_at: NullableTimestamp;
}

/** The read models' tables come from their declarations (db/projections/read-models.ts). */
export interface Database extends ReadModelDatabase {
  events: EventsTable;
  streams: StreamsTable;
  people: PeopleTable;
  idempotency_keys: IdempotencyKeysTable;
  notifications: NotificationsTable;
  journey_notes: JourneyNotesTable;
  audit_log: AuditLogTable;
  person_links: PersonLinksTable;
  web_sessions: WebSessionsTable;
}

/** Read model: a journey now, folded from its events by the shared `evolve` (db/projections/journey-summary.ts). */
export type JourneysTable = Database['journeys'];
