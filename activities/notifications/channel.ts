import type { EventTemplate, RenderedMessage } from '../../domain/messages';
import type { DuePointKind, Recipient } from '../../domain/vocabulary';
import type { UnlistedTask } from './task-rows';

/** One message the journey owes someone at a due point. Carries ids and kinds, never personal data. */
export interface Notification {
  journeyId: string;
  /** The due point's key: with the journey id, what makes a notification unique. */
  dueKey: string;
  kind: DuePointKind;
  to: Recipient;
  dueAt: string;
}

/** One message the journey owes the person because of an event (welcome, budget told, a decision...). */
export interface EventNotification {
  journeyId: string;
  eventId: string;
  template: EventTemplate;
  occurredAt: string;
}

export interface NotificationReceipt {
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  /** False when this due point had been handled before (a retried or replayed activity). */
  created: boolean;
  /** Staff messages that have no task yet: the workflow opens them (task-rows.ts). */
  unlistedTasks?: UnlistedTask[];
}

/** The ways a message reaches someone: the person's channels, and a task in a member of staff's work queue. */
export type DeliveryChannel = 'email' | 'sms' | 'letter' | 'task';

/** A rendered message and where it goes, built inside the activity at send time. */
export interface OutgoingMessage {
  channel: Exclude<DeliveryChannel, 'task'>;
  /** Opaque and unique per outbox row: the provider's reference, and the email's Message-ID. */
  reference: string;
  to: { name: string; email?: string; phone?: string; address?: string[] };
  message: RenderedMessage;
}

export interface SendResult {
  providerId: string;
  status: 'sent' | 'delivered';
}

/**
 * A provider said no. `permanent` failures (a bad address, a rejected recipient, a refused request) are
 * never retried: the fallback takes over. Others (the provider down, rate limited) are retried a few times.
 * The message is a code alone (`SMTP 550`, `GOV.UK Notify 400`): it travels into Temporal's failures and
 * the worker's logs. The provider's own words, which can quote an address, go only to the outbox row, in
 * `detail`, scrubbed of contact details.
 */
export class DeliveryFailure extends Error {
  override readonly name = 'DeliveryFailure';
  readonly detail: string | undefined;
  constructor(
    code: string,
    readonly permanent: boolean,
    detail?: string,
  ) {
    super(scrubContacts(code));
    this.detail = detail === undefined ? undefined : scrubContacts(detail).slice(0, 500);
  }

  /** What the outbox row says of it: the code and the provider's (scrubbed) words. */
  get described(): string {
    return this.detail ? `${this.message}: ${this.detail}` : this.message;
  }
}

/**
 * Providers quote the address they refused ("550 <ada@example.org>: mailbox unavailable"). Their words are
 * kept on the outbox row and, for a retry, in Temporal's failure message (plain text even with a codec),
 * so addresses and phone numbers are taken out first.
 */
export function scrubContacts(text: string): string {
  return text.replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g, '[address]').replace(/\+?\d[\d ()-]{6,}\d/g, '[number]');
}

/** A provider of email, SMS or letters: SMTP or GOV.UK Notify. */
export interface DeliveryAdapter {
  readonly name: string;
  supports(channel: OutgoingMessage['channel']): boolean;
  send(message: OutgoingMessage): Promise<SendResult>;
  /**
   * What the provider already holds for this reference, after an attempt was cut off between the send and
   * its record: lets a retry find the first send instead of sending again. Absent where the provider
   * cannot say (SMTP).
   */
  find?(reference: string, channel: OutgoingMessage['channel']): Promise<SendResult | null>;
  /**
   * What became of a message the provider accepted: delivered, still on its way, or failed for good (a
   * bounce from an address that does not exist). Absent where the provider cannot say (SMTP).
   */
  status?(providerId: string): Promise<{ status: 'sent' | 'delivered' } | { status: 'failed'; reason: string }>;
}
