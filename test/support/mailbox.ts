import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalMailServer, type LocalMailServer, type ReceivedMail } from '../../lib/mail-server';

export type { ReceivedMail };

/** The same local SMTP server `npm start` runs, in a throwaway directory, with a way to wait for mail. */
export async function startMailbox(): Promise<
  LocalMailServer & { waitFor(until: (mail: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<ReceivedMail[]> }
> {
  const dir = mkdtempSync(join(tmpdir(), 'pbe-mail-'));
  const server = await startLocalMailServer({ dir });
  return {
    ...server,
    async waitFor(until, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = await server.messages();
        if (until(mail)) return mail;
        if (Date.now() > deadline)
          throw new Error(`mail never arrived; received: ${mail.map((m) => `${m.envelopeTo.join(',')}: ${m.subject}`).join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (not undefined); fails with `describe()` when the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  describe: () => Promise<string> | string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
