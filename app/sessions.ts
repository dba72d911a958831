import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Principal } from './principal';
import { hashOf, newSecret } from './secrets';

/** A signed-in browser as the server keeps it. */
export interface StoredSession {
  principal: Principal;
  expiresAt: Date;
}

/**
 * Web sessions held by the server: the cookie carries only a random secret, and the row says who it is
 * and until when. Signing out ends the row, so a copied cookie stops working at once, everywhere; a
 * personal link's revocation ends the session it opened.
 */
export function createSessions(db: Kysely<Database>) {
  return {
    /** Starts a session; the secret goes in the cookie and nowhere else. */
    async start(principal: Principal, options: { ttlSeconds: number; linkId?: string }): Promise<{ secret: string; expiresAt: Date }> {
      const secret = newSecret();
      const expiresAt = new Date(Date.now() + options.ttlSeconds * 1000);
      await db
        .insertInto('web_sessions')
        .values({
          token_hash: hashOf(secret),
          principal: JSON.stringify(principal),
          link_id: options.linkId ?? null,
          expires_at: expiresAt,
        })
        .execute();
      return { secret, expiresAt };
    },

    /** The session a cookie names, while it is neither ended nor expired. */
    async find(secret: string): Promise<StoredSession | null> {
      const row = await db
        .selectFrom('web_sessions')
        .select(['principal', 'expires_at'])
        .where('token_hash', '=', hashOf(secret))
        .where('ended_at', 'is', null)
        .where('expires_at', '>', new Date())
        .executeTakeFirst();
      const principal = row ? Principal.safeParse(row.principal) : null;
      return row && principal?.success ? { principal: principal.data, expiresAt: row.expires_at } : null;
    },

    /** Sign-out: the session ends on the server, not only in the browser. */
    async end(secret: string): Promise<void> {
      await db
        .updateTable('web_sessions')
        .set({ ended_at: new Date() })
        .where('token_hash', '=', hashOf(secret))
        .where('ended_at', 'is', null)
        .execute();
    },

    /** Ends every session a personal link opened (the link was revoked). */
    async endForLink(linkId: string): Promise<void> {
      await db
        .updateTable('web_sessions')
        .set({ ended_at: new Date() })
        .where('link_id', '=', linkId)
        .where('ended_at', 'is', null)
        .execute();
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
