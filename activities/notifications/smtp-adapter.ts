import { createTransport, type Transporter } from 'nodemailer';
import { DeliveryFailure, type DeliveryAdapter, type OutgoingMessage, type SendResult } from './channel';

export interface SmtpAdapterOptions {
  /** `smtp://host:port` (or `smtps://user:pass@host:465`). */
  url: string;
  from: string;
  /** Letters go to the print room as email: the printed letter carries the address block. */
  letterTo: string;
}

/** 5xx is the server's final no (an unknown mailbox, a refused sender); anything else may pass on a retry. */
function failureOf(error: unknown): DeliveryFailure {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
  return new DeliveryFailure(`SMTP ${e.responseCode ?? e.code ?? 'error'}`, permanent, e.message ?? String(error));
}

/**
 * Email over SMTP (nodemailer). Each message's Message-ID is derived from its outbox row, so a message
 * sent again after an interrupted attempt is recognisably the same message. SMS is not possible here.
 */
export function createSmtpAdapter(options: SmtpAdapterOptions): DeliveryAdapter & { close(): void } {
  const url = new URL(options.url);
  // Short timeouts: a hung server must fail the attempt well inside the activity's 10 s, never outlive it.
  const transport: Transporter = createTransport({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 25),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: 4000,
    greetingTimeout: 4000,
    socketTimeout: 6000,
  });
  const domain = options.from.split('@')[1]?.replace(/>$/, '') ?? 'localhost';
  return {
    name: 'smtp',
    supports: (channel) => channel === 'email' || channel === 'letter',
    async send(out: OutgoingMessage): Promise<SendResult> {
      const messageId = `<${out.reference}@${domain}>`;
      const letter = out.channel === 'letter';
      if (!letter && !out.to.email) throw new DeliveryFailure('no email address on record', true);
      if (letter && (out.to.address ?? []).length === 0) throw new DeliveryFailure('no postal address on record', true);
      const addressBlock = letter ? `${[out.to.name, ...(out.to.address ?? [])].join('\n')}\n\n` : '';
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: letter ? options.letterTo : out.to.email,
          subject: letter
            ? `Letter to print${out.message.format === 'large_print' ? ' (large print)' : ''}: ${out.message.subject}`
            : out.message.subject,
          text: `${addressBlock}${out.message.text}`,
          html: letter ? undefined : out.message.html,
          messageId,
          headers: { 'X-Notification-Reference': out.reference, 'Content-Language': out.message.language },
        });
        if ((info.rejected ?? []).length > 0) throw new DeliveryFailure('SMTP rejected the recipient', true, info.response);
        return { providerId: info.messageId ?? messageId, status: 'sent' };
      } catch (error) {
        throw error instanceof DeliveryFailure ? error : failureOf(error);
      }
    },
    close: () => transport.close(),
  };
}
