import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the local server received it. */
export interface ReceivedMail {
  file: string;
  envelopeTo: string[];
  messageId: string | undefined;
  subject: string;
  to: string;
  text: string;
  html: string | null;
  reference: string | undefined;
  receivedAt: Date;
}

export interface LocalMailServer {
  url: string;
  port: number;
  /** Every message received so far (in this directory), oldest first. */
  messages(): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/**
 * Recipients at `.invalid` (a domain that can never exist, RFC 2606) are refused with 550, as a real
 * server refuses an unknown mailbox: the bad-address path is exercised for real, not mocked.
 */
const refused = (address: string) => /\.invalid$/i.test(address.split('@')[1] ?? '');

/**
 * A real SMTP server for one machine (`npm start`, the tests): it accepts every message and keeps it as an
 * .eml file in `dir` (`.data/mail` for `npm start`), so a newcomer can open what the journeys sent.
 * Nothing is relayed anywhere. Listens on 127.0.0.1 only.
 */
export async function startLocalMailServer(options: { dir: string; port?: number }): Promise<LocalMailServer> {
  mkdirSync(options.dir, { recursive: true });
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (refused(address.address))
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const rcpt = session.envelope.rcptTo.map((r) => r.address).join(',');
        const name = `${Date.now()}-${process.pid}-${String(++sequence).padStart(6, '0')}.eml`;
        // The envelope recipients first, as a real mailbox's Delivered-To, then the message as received.
        writeFileSync(join(options.dir, name), Buffer.concat([Buffer.from(`X-Envelope-To: ${rcpt}\r\n`), ...chunks]));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    async messages() {
      const files = readdirSync(options.dir)
        .filter((f) => f.endsWith('.eml'))
        .sort();
      return Promise.all(
        files.map(async (file) => {
          const raw = readFileSync(join(options.dir, file));
          const mail = await simpleParser(raw);
          const header = (name: string) => {
            const value = mail.headers.get(name);
            return typeof value === 'string' ? value : undefined;
          };
          return {
            file,
            envelopeTo: (header('x-envelope-to') ?? '').split(',').filter(Boolean),
            messageId: mail.messageId,
            subject: mail.subject ?? '',
            to: Array.isArray(mail.to) ? mail.to.map((t) => t.text).join(', ') : (mail.to?.text ?? ''),
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : null,
            reference: header('x-notification-reference'),
            receivedAt: new Date(Number(file.split('-')[0])),
          };
        }),
      );
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
