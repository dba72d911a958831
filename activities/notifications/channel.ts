import type { DuePointKind, Recipient } from '../../domain/vocabulary';

/** One message the journey owes someone at a due point. Carries ids and kinds, never personal data. */
export interface Notification {
  journeyId: string;
  /** The due point's key: with the journey id, what makes a notification unique. */
  dueKey: string;
  kind: DuePointKind;
  to: Recipient;
  dueAt: string;
}

export interface NotificationReceipt {
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  /** False when this due point had been handled before (a retried or replayed activity). */
  created: boolean;
}

/** Where notifications go. The outbox is the first implementation; email, SMS and letters come after it. */
export interface NotificationChannel {
  send(notification: Notification): Promise<NotificationReceipt>;
}
