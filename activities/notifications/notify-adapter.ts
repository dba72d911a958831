import { NotifyClient } from 'notifications-node-client';
import { DeliveryFailure, type DeliveryAdapter, type OutgoingMessage, type SendResult } from './channel';

export interface NotifyAdapterOptions {
  apiKey: string;
  /** The Notify API; a local server in tests. */
  baseUrl: string;
  /** One template per channel whose content is `((body))` (and `((subject))` for email and letters). */
  templates: { email: string; sms: string; letter: string };
}

/** Notify answers 400 (a bad address or phone number) and 403 (a bad key) for good; 429 and 5xx may pass later. */
function failureOf(error: unknown): DeliveryFailure {
  const e = error as {
    response?: { status?: number; data?: { errors?: Array<{ error?: string; message?: string }> } };
    code?: string;
    message?: string;
  };
  const status = e.response?.status;
  const detail =
    e.response?.data?.errors?.map((x) => `${x.error ?? ''}: ${x.message ?? ''}`).join('; ') ?? e.code ?? e.message ?? String(error);
  const permanent = status !== undefined && status >= 400 && status < 500 && status !== 429;
  return new DeliveryFailure(`GOV.UK Notify ${status ?? 'unreachable'}`, permanent, detail);
}

/** The lines between the greeting and the signature, cut to four SMS fragments at most. */
function smsBody(out: OutgoingMessage): string {
  const lines = out.message.paragraphs.filter((p) => !/^(Dear|Annwyl) |^(Best wishes|Gyda chofion),$|^(The .* team|Tîm .*)$/.test(p));
  const text = [out.message.subject, ...lines].join('\n');
  return text.length <= 612 ? text : `${text.slice(0, 600).replace(/\s+\S*$/, '')}...`;
}

/** Notify's final failures: a bad address or number, a letter it could not print; temporary ones are Notify's to retry. */
const failedFinally = new Set(['permanent-failure', 'technical-failure', 'validation-failed', 'virus-scan-failed', 'cancelled']);
const statusOf = (status: string): SendResult['status'] => (status === 'delivered' || status === 'received' ? 'delivered' : 'sent');

/**
 * GOV.UK Notify (notifications-node-client) for email, SMS and letters. Every request carries the outbox
 * row's reference, so after an interrupted attempt `find` asks Notify whether the first one arrived.
 */
export function createNotifyAdapter(options: NotifyAdapterOptions): DeliveryAdapter {
  const client = new NotifyClient(options.baseUrl, options.apiKey);
  const body = (out: OutgoingMessage) => out.message.text.replace(/\n{3,}/g, '\n\n');
  return {
    name: 'notify',
    supports: () => true,
    async send(out: OutgoingMessage): Promise<SendResult> {
      const reference = out.reference;
      try {
        switch (out.channel) {
          case 'email': {
            if (!out.to.email) throw new DeliveryFailure('no email address on record', true);
            const res = await client.sendEmail(options.templates.email, out.to.email, {
              personalisation: { subject: out.message.subject, body: body(out) },
              reference,
            });
            return { providerId: res.data.id, status: 'sent' };
          }
          case 'sms': {
            if (!out.to.phone) throw new DeliveryFailure('no phone number on record', true);
            const res = await client.sendSms(options.templates.sms, out.to.phone, { personalisation: { body: smsBody(out) }, reference });
            return { providerId: res.data.id, status: 'sent' };
          }
          case 'letter': {
            const lines = [out.to.name, ...(out.to.address ?? [])].slice(0, 7);
            // Notify needs three address lines at least, the last a postcode: anything less cannot be posted.
            if (lines.length < 3) throw new DeliveryFailure('no full postal address on record', true);
            const address = Object.fromEntries(lines.map((line, i) => [`address_line_${i + 1}`, line]));
            const res = await client.sendLetter(options.templates.letter, {
              personalisation: { ...address, subject: out.message.subject, body: body(out) },
              reference,
            });
            return { providerId: res.data.id, status: 'sent' };
          }
        }
      } catch (error) {
        throw error instanceof DeliveryFailure ? error : failureOf(error);
      }
    },
    async status(providerId) {
      try {
        const found = (await client.getNotificationById(providerId)).data;
        if (failedFinally.has(found.status)) return { status: 'failed', reason: `GOV.UK Notify: ${found.status}` };
        return { status: statusOf(found.status) };
      } catch (error) {
        throw failureOf(error);
      }
    },
    async find(reference, channel) {
      try {
        const res = await client.getNotifications(channel, undefined, reference);
        const found = res.data.notifications[0];
        return found ? { providerId: found.id, status: statusOf(found.status) } : null;
      } catch (error) {
        throw failureOf(error);
      }
    },
  };
}
