import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, NotificationsTable } from '../../db/schema';

export type OutboxRow = Selectable<NotificationsTable>;

/** A message to queue: unique per (journey, key), so queuing it again adds nothing. */
export interface NewOutboxRow {
  journeyId: string;
  key: string;
  kind: string;
  recipient: string;
  channel: string;
  template: string;
  dueAt: string;
  reason: string;
  eventId?: string;
  format?: string;
  language?: string;
  fallbackOf?: string;
}

/** Queues rows; returns the keys that were new (a retried or replayed call finds them there already). */
export async function enqueue(db: Kysely<Database>, rows: NewOutboxRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        journey_id: r.journeyId,
        due_key: r.key,
        kind: r.kind,
        recipient: r.recipient,
        channel: r.channel,
        template: r.template,
        due_at: r.dueAt,
        reason: r.reason,
        event_id: r.eventId ?? null,
        format: r.format ?? null,
        language: r.language ?? null,
        fallback_of: r.fallbackOf ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['journey_id', 'due_key']).doNothing())
    .returning('due_key')
    .execute();
  return new Set(inserted.map((r) => r.due_key));
}

/**
 * A journey's rows not yet settled, oldest first: with a key, only its message, its representative's copy
 * and its fallbacks (`key/...`).
 */
export async function unsettledRows(db: Kysely<Database>, journeyId: string, key: string | null = null): Promise<OutboxRow[]> {
  let query = db.selectFrom('notifications').selectAll().where('journey_id', '=', journeyId).where('status', 'in', ['queued', 'sending']);
  if (key !== null)
    query = query.where((eb) => eb.or([eb('due_key', '=', key), eb(sql<boolean>`starts_with(due_key, ${`${key}/`})`, '=', true)]));
  return query.orderBy('id').execute();
}

/** Longer than any one send can take (the SMTP timeouts, Notify's client): a claim older than this is dead. */
export const CLAIM_LEASE_MS = 30_000;

/**
 * Takes a row for sending. Null when it is settled already (sent, delivered, failed): the retry of an
 * activity whose first run got that far. `interrupted` says an earlier attempt claimed it and never
 * recorded how it ended: it may or may not have reached the provider. 'busy' while that claim is fresh.
 */
export async function claim(
  db: Kysely<Database>,
  id: string,
  leaseMs = CLAIM_LEASE_MS,
): Promise<{ row: OutboxRow; interrupted: boolean } | 'busy' | null> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('notifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row || (row.status !== 'queued' && row.status !== 'sending')) return null;
    // Claimed moments ago: an earlier attempt that timed out may still be sending it. Wait for the lease.
    if (row.status === 'sending' && Date.now() - row.updated_at.getTime() < leaseMs) return 'busy';
    const claimed = await tx
      .updateTable('notifications')
      .set({ status: 'sending', attempts: sql`attempts + 1`, updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { row: claimed, interrupted: row.status === 'sending' };
  });
}

export async function markSent(
  db: Kysely<Database>,
  id: string,
  result: { provider: string; providerId: string | null; status: 'sent' | 'delivered'; note?: string; language?: string },
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({
      // The language the message went in: the person's where a template exists, else English.
      ...(result.language ? { language: result.language } : {}),
      status: result.status,
      provider: result.provider,
      provider_id: result.providerId,
      sent_at: sql`now()`,
      delivered_at: result.status === 'delivered' ? sql`now()` : null,
      failure: result.note ?? null,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Kysely<Database>, id: string, provider: string | null, error: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'failed', provider, failure: error.slice(0, 1000), failed_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/**
 * A failure that may pass: back in the queue, with what went wrong, for the activity's next attempt. A
 * row that may have reached the provider already stays `sending`, its claim aged past the lease, so the
 * next attempt takes it as interrupted and asks the provider before sending.
 */
export async function requeue(db: Kysely<Database>, id: string, error: string, interrupted = false): Promise<void> {
  await db
    .updateTable('notifications')
    .set({
      status: interrupted ? 'sending' : 'queued',
      failure: error.slice(0, 1000),
      updated_at: interrupted ? sql`now() - ${`${CLAIM_LEASE_MS * 2} milliseconds`}::interval` : sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Rows a provider accepted whose fate it has not told us yet, oldest first. */
export async function awaitingReceipt(db: Kysely<Database>, journeyId: string, provider: string, limit = 10): Promise<OutboxRow[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('journey_id', '=', journeyId)
    .where('provider', '=', provider)
    .where('status', '=', 'sent')
    .where('provider_id', 'is not', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markDelivered(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'delivered', delivered_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
