import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { DeliveryFailure, type DeliveryAdapter, type OutgoingMessage } from './channel';
import { awaitingReceipt, claim, enqueue, markDelivered, markFailed, markSent, requeue, unsettledRows, type OutboxRow } from './outbox';

export interface Delivery {
  db: Kysely<Database>;
  adapter: DeliveryAdapter;
  compose: (row: OutboxRow) => Promise<OutgoingMessage>;
  /** Attempts before a failure that might pass (the provider down) counts as final and the fallback starts. */
  maxAttempts: number;
}

/** How long one activity attempt sends for, well inside its 10 s start-to-close timeout. */
const SEND_BUDGET_MS = 6_000;

/** What could not be sent this time but may be next time: the activity fails so that Temporal retries it. */
export interface DeliveryRound {
  retryable: string[];
  /** A fallback queued a staff task (a call or visit): it needs a task on the journey. */
  tasksQueued: boolean;
}

/**
 * Lesson 5: when the person's own channel fails, a letter; when a letter fails, a phone call or visit task
 * for the coordinator. A representative's copy has no fallback: the person's own message carries on.
 */
async function fallBack(d: Delivery, row: OutboxRow, why: string): Promise<boolean> {
  if (row.recipient !== 'person') return false;
  const base = {
    journeyId: row.journey_id,
    kind: row.kind,
    dueAt: new Date().toISOString(),
    fallbackOf: row.id,
    eventId: row.event_id ?? undefined,
  };
  if (row.channel === 'email' || row.channel === 'sms') {
    await enqueue(d.db, [
      {
        ...base,
        key: `${row.due_key}/letter`,
        recipient: 'person',
        channel: 'letter',
        template: row.template,
        reason: `${row.channel} failed (${why}): a letter instead`,
        format: row.format ?? undefined,
        language: row.language ?? undefined,
      },
    ]);
    return false;
  }
  if (row.channel !== 'letter') return false;
  await enqueue(d.db, [
    {
      ...base,
      key: `${row.due_key}/call`,
      recipient: 'coordinator',
      channel: 'task',
      template: 'call_or_visit',
      reason: `letter failed (${why}): phone or visit the person`,
    },
  ]);
  // A staff task: the journey must open it (task-rows.ts).
  return true;
}

/** Records a final failure and queues its fallback; true when the fallback is a staff task. */
async function fail(d: Delivery, row: OutboxRow, error: string): Promise<boolean> {
  await markFailed(d.db, row.id, d.adapter.name, error);
  return fallBack(d, row, error);
}

/** A final failure within a round, noting a fallback that needs a task. */
async function failIn(round: DeliveryRound, d: Delivery, row: OutboxRow, error: string): Promise<void> {
  if (await fail(d, row, error)) round.tasksQueued = true;
}

/** Sends one claimed row, recording how it ended before returning. */
async function deliverRow(d: Delivery, row: OutboxRow, interrupted: boolean, round: DeliveryRound): Promise<void> {
  let out: OutgoingMessage;
  try {
    out = await d.compose(row);
    if (!d.adapter.supports(out.channel)) throw new DeliveryFailure(`${d.adapter.name} cannot send ${out.channel}`, true);
    if (interrupted && d.adapter.find) {
      // The first attempt died after claiming: ask the provider before sending again.
      const found = await d.adapter.find(out.reference, out.channel);
      if (found)
        return markSent(d.db, row.id, { provider: d.adapter.name, ...found, note: 'found at the provider after an interrupted attempt' });
    }
  } catch (error) {
    if (!(error instanceof DeliveryFailure)) throw error;
    if (error.permanent) return failIn(round, d, row, error.described);
    return retryLater(d, row, error, round, interrupted);
  }
  try {
    const result = await d.adapter.send(out);
    // The residual window: a crash between the provider's acceptance and this line leaves the row in
    // `sending`; the retry then asks the provider (`find`) or, where it cannot (SMTP), sends again with
    // the same Message-ID, and says so on the row.
    await markSent(d.db, row.id, {
      provider: d.adapter.name,
      ...result,
      language: out.message.language,
      note: interrupted ? 'sent again after an interrupted attempt (same Message-ID and reference)' : undefined,
    });
  } catch (error) {
    if (!(error instanceof DeliveryFailure)) throw error;
    if (error.permanent) return failIn(round, d, row, error.described);
    return retryLater(d, row, error, round, interrupted);
  }
}

async function retryLater(d: Delivery, row: OutboxRow, error: DeliveryFailure, round: DeliveryRound, interrupted: boolean): Promise<void> {
  if (row.attempts >= d.maxAttempts) return failIn(round, d, row, `${error.described} (gave up after ${row.attempts} attempts)`);
  // A row whose first send may have gone stays marked as interrupted, so the next attempt asks first too.
  await requeue(d.db, row.id, error.described, interrupted);
  // What Temporal records, and the worker logs: the key and the code, never the provider's words.
  round.retryable.push(`${row.due_key}: ${error.message}`);
}

/**
 * Sends every unsettled row of a journey (or of one key: the message, the representative's copy, and
 * whatever fallback a failure queues), each once: a row already sent is skipped, so a retried activity
 * sends nothing twice. Rows are queued only when due, so whatever is unsettled may go now.
 */
export async function deliverKey(d: Delivery, journeyId: string, key: string | null): Promise<DeliveryRound> {
  const round: DeliveryRound = { retryable: [], tasksQueued: false };
  const seen = new Set<string>();
  const started = Date.now();
  for (;;) {
    // A staff task is delivered by being on a task list (task-rows.ts), not by a provider.
    const rows = (await unsettledRows(d.db, journeyId, key)).filter((r) => !seen.has(r.id) && r.channel !== 'task');
    if (rows.length === 0) return round;
    for (const pending of rows) {
      // Well inside the activity's 10 s: what is left goes on the next attempt, not beside a timed-out one.
      if (Date.now() - started > SEND_BUDGET_MS) {
        round.retryable.push(`${pending.due_key}: more to send than one attempt sends`);
        return round;
      }
      seen.add(pending.id);
      const claimed = await claim(d.db, pending.id);
      if (claimed === 'busy') round.retryable.push(`${pending.due_key}: an earlier attempt is still sending it`);
      else if (claimed) await deliverRow(d, claimed.row, claimed.interrupted, round);
    }
  }
}

/**
 * Asks the provider what became of the journey's accepted messages (where it can say: Notify): delivered
 * ones are marked so, and a bounce (an address that does not exist) is a failure whose fallback is queued, to go
 * with the journey's other unsettled rows. Run whenever the journey notifies again, so a bounce is acted
 * on at the journey's next message at the latest. A provider that cannot answer now is asked next time.
 */
export async function refreshReceipts(d: Delivery, journeyId: string): Promise<boolean> {
  let tasksQueued = false;
  if (!d.adapter.status) return tasksQueued;
  for (const row of await awaitingReceipt(d.db, journeyId, d.adapter.name)) {
    let receipt;
    try {
      receipt = await d.adapter.status(row.provider_id!);
    } catch (error) {
      if (error instanceof DeliveryFailure) continue;
      throw error;
    }
    if (receipt.status === 'delivered') await markDelivered(d.db, row.id);
    if (receipt.status !== 'failed') continue;
    tasksQueued = (await fail(d, row, receipt.reason)) || tasksQueued;
  }
  return tasksQueued;
}
