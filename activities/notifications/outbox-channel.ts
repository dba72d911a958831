import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Notification, NotificationChannel, NotificationReceipt } from './channel';

/** The person's own channel (lesson 5); staff get a task in their work queue. */
async function channelFor(db: Kysely<Database>, notification: Notification): Promise<string> {
  if (notification.to !== 'person') return 'task';
  const person = await db.selectFrom('people').select('preferences').where('journey_id', '=', notification.journeyId).executeTakeFirst();
  return (person?.preferences as { channel?: string } | undefined)?.channel ?? 'letter';
}

/**
 * Records each notification in the outbox, once per (journey, due point): a second send of the same due
 * point finds the row and adds nothing. Delivery to real channels reads the outbox.
 */
export function createOutboxChannel(db: Kysely<Database>): NotificationChannel {
  return {
    async send(notification: Notification): Promise<NotificationReceipt> {
      const inserted = await db
        .insertInto('notifications')
        .values({
          journey_id: notification.journeyId,
          due_key: notification.dueKey,
          kind: notification.kind,
          recipient: notification.to,
          channel: await channelFor(db, notification),
          template: notification.kind,
          due_at: notification.dueAt,
        })
        .onConflict((oc) => oc.columns(['journey_id', 'due_key']).doNothing())
        .returning('status')
        .executeTakeFirst();
      return { status: 'queued', created: inserted !== undefined };
    },
  };
}
