import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { EventNotification, Notification, NotificationReceipt } from './notifications/channel';
import { deliverKey, refreshReceipts, type Delivery } from './notifications/deliver';
import { enqueue, type NewOutboxRow } from './notifications/outbox';
import { eventKey, rowsForDuePoint, rowsForEvent } from './notifications/plan';
import { settleTaskRows } from './notifications/task-rows';

export interface NotificationDeps {
  db: Kysely<Database>;
  /** How long a policy day lasts: a task opened for a failed letter is due a day on. */
  policyDayMs: number;
  /** How messages leave; null keeps them queued in the outbox for another sender (NOTIFY_CHANNEL=outbox). */
  delivery: Delivery | null;
}

/**
 * Activities that tell people and staff what a journey needs from them. Each queues its rows in the
 * outbox (unique per journey and key, so a retry or replay queues nothing twice), then sends every row not
 * yet settled, recording each send before moving on. A provider's failure never fails the journey: a
 * final one is recorded and the fallback sent; one that may pass fails the activity, so Temporal retries
 * it, and only the unsent rows are tried again.
 */
export function createNotificationActivities(deps: NotificationDeps) {
  async function queueAndSend(journeyId: string, key: string, rows: NewOutboxRow[]): Promise<NotificationReceipt> {
    const created = await enqueue(deps.db, rows);
    let fallbackTasks = false;
    if (deps.delivery) {
      // First learn what became of the journey's earlier messages (a bounce queues its fallback); then send
      // everything of the journey not yet settled: this message, and anything an earlier failure left.
      const bounced = await refreshReceipts(deps.delivery, journeyId);
      const round = await deliverKey(deps.delivery, journeyId, null);
      // Retryable by Temporal's policy; the reasons name no person (a key and the provider's code).
      if (round.retryable.length > 0)
        throw ApplicationFailure.retryable(`Not sent yet: ${round.retryable.join('; ')}`.slice(0, 1000), 'DeliveryDeferred');
      fallbackTasks = bounced || round.tasksQueued;
    }
    // Staff messages reach their task lists whatever sends the rest (even the bare outbox).
    const unlistedTasks =
      fallbackTasks || rows.some((row) => row.channel === 'task') ? await settleTaskRows(deps.db, journeyId, deps.policyDayMs) : [];
    const listed = unlistedTasks.length > 0 ? { unlistedTasks } : {};
    // Just queued and nothing here sends it: queued is what it is, without asking the database again.
    if (!deps.delivery && created.has(key) && !rows.some((row) => row.channel === 'task'))
      return { status: 'queued', created: true, ...listed };
    const primary = await deps.db
      .selectFrom('notifications')
      .select('status')
      .where('journey_id', '=', journeyId)
      .where('due_key', '=', key)
      .executeTakeFirst();
    const status = primary?.status === 'sending' ? 'queued' : (primary?.status ?? 'queued');
    return { status: status as NotificationReceipt['status'], created: created.has(key), ...listed };
  }

  return {
    /** A timer point fell due: the reminder, invitation, apology or staff task it owes. */
    async notify(notification: Notification): Promise<NotificationReceipt> {
      return queueAndSend(notification.journeyId, notification.dueKey, await rowsForDuePoint(deps.db, notification));
    },
    /** Something happened that the person must be told: welcome, budget, next steps, a decision. */
    async notifyEvent(notification: EventNotification): Promise<NotificationReceipt> {
      return queueAndSend(notification.journeyId, eventKey(notification.eventId), await rowsForEvent(deps.db, notification));
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
