import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { DeliveryAdapter } from './channel';
import { createComposer } from './compose';
import type { Delivery } from './deliver';
import { createNotifyAdapter } from './notify-adapter';
import { createSmtpAdapter } from './smtp-adapter';

/** The notification settings of lib/config.ts (NOTIFY_CHANNEL, SMTP_URL, NOTIFY_*...). */
export interface NotificationSettings {
  NOTIFY_CHANNEL: 'outbox' | 'smtp' | 'notify';
  SMTP_URL?: string;
  SMTP_FROM: string;
  LETTER_PRINT_TO: string;
  NOTIFY_API_KEY?: string;
  NOTIFY_BASE_URL: string;
  NOTIFY_EMAIL_TEMPLATE_ID?: string;
  NOTIFY_SMS_TEMPLATE_ID?: string;
  NOTIFY_LETTER_TEMPLATE_ID?: string;
  NOTIFY_MAX_ATTEMPTS: number;
}

function adapterFor(settings: NotificationSettings): (DeliveryAdapter & { close?(): void }) | null {
  switch (settings.NOTIFY_CHANNEL) {
    case 'outbox':
      return null;
    case 'smtp':
      if (!settings.SMTP_URL) throw new Error('NOTIFY_CHANNEL=smtp needs SMTP_URL (npm start runs a local SMTP server when it is unset).');
      return createSmtpAdapter({ url: settings.SMTP_URL, from: settings.SMTP_FROM, letterTo: settings.LETTER_PRINT_TO });
    case 'notify': {
      const {
        NOTIFY_API_KEY: apiKey,
        NOTIFY_EMAIL_TEMPLATE_ID: email,
        NOTIFY_SMS_TEMPLATE_ID: sms,
        NOTIFY_LETTER_TEMPLATE_ID: letter,
      } = settings;
      if (!apiKey || !email || !sms || !letter)
        throw new Error(
          'NOTIFY_CHANNEL=notify needs NOTIFY_API_KEY, NOTIFY_EMAIL_TEMPLATE_ID, NOTIFY_SMS_TEMPLATE_ID and NOTIFY_LETTER_TEMPLATE_ID.',
        );
      return createNotifyAdapter({ apiKey, baseUrl: settings.NOTIFY_BASE_URL, templates: { email, sms, letter } });
    }
  }
}

/** How the worker's notification activities deliver, chosen by configuration; null for the bare outbox. */
export function createDelivery(
  db: Kysely<Database>,
  settings: NotificationSettings,
  policyDayMs: number,
): { delivery: Delivery | null; close(): void } {
  const adapter = adapterFor(settings);
  if (!adapter) return { delivery: null, close: () => undefined };
  return {
    delivery: { db, adapter, compose: createComposer(db, policyDayMs), maxAttempts: settings.NOTIFY_MAX_ATTEMPTS },
    close: () => adapter.close?.(),
  };
}
