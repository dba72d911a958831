import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { requireRole, visibleJourney } from './access';
import type { Caller } from './caller';
import { conflict, notFound } from './errors';
import { actorOf, type Principal } from './principal';
import { hashOf, newSecret } from './secrets';
import type { Sessions } from './sessions';

/** How long a link waits to be used: long enough to reach someone by letter, short enough to lapse if lost. */
export const PERSON_LINK_DAYS = 28;
/** How long the session a link opens lasts: the person asks for a new link after it. */
export const PERSON_SESSION_HOURS = 8;

const makers = ['coordinator'] as const;
const keepers = ['coordinator', 'manager', 'admin'] as const;

type LinkRow = { link_id: string; created_by: unknown; created_at: Date; expires_at: Date; used_at: Date | null; revoked_at: Date | null };

/** A link as staff see it: never its secret, which is shown once, when it is made. */
const linkView = (row: LinkRow, now = new Date()) => ({
  linkId: row.link_id,
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by as { sub: string; role: string },
  expiresAt: row.expires_at.toISOString(),
  usedAt: row.used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  status: row.revoked_at ? 'revoked' : row.used_at ? 'used' : row.expires_at <= now ? 'expired' : 'waiting',
});
export type PersonLinkView = ReturnType<typeof linkView>;

/**
 * Personal links (`/api/journeys/{id}/person-links`, and the journey page): a coordinator makes one for
 * the journey's person, to send in their own channel; whoever opens it once gets a session as that
 * journey's person and sees nothing else. Links are listed on the journey and revoked at once, together
 * with the session a used link opened. Built from the public address, never from a request's Host header.
 */
export function createPersonLinks(deps: { db: Kysely<Database>; sessions: Sessions; publicBaseUrl: () => string }) {
  const { db } = deps;
  const columns = ['link_id', 'created_by', 'created_at', 'expires_at', 'used_at', 'revoked_at'] as const;

  return {
    async make(caller: Caller, journeyId: string): Promise<PersonLinkView & { url: string }> {
      caller.audit(journeyId, 'make personal link');
      requireRole(caller.principal, makers, 'make personal links');
      await visibleJourney(db, caller.principal, journeyId);
      const journey = await db.selectFrom('journeys').select('status').where('journey_id', '=', journeyId).executeTakeFirstOrThrow();
      if (journey.status === 'closed') throw conflict('journey_closed', 'This journey is closed: its person needs no new link.');
      const secret = newSecret();
      const row = await db
        .insertInto('person_links')
        .values({
          link_id: randomUUID(),
          journey_id: journeyId,
          token_hash: hashOf(secret),
          created_by: JSON.stringify(actorOf(caller.principal)),
          expires_at: new Date(Date.now() + PERSON_LINK_DAYS * 86_400_000),
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
      return { ...linkView(row), url: `${deps.publicBaseUrl()}/p?t=${secret}` };
    },

    async list(caller: Caller, journeyId: string): Promise<PersonLinkView[]> {
      caller.audit(journeyId, 'list personal links');
      requireRole(caller.principal, keepers, 'see personal links');
      await visibleJourney(db, caller.principal, journeyId);
      const rows = await db
        .selectFrom('person_links')
        .select(columns)
        .where('journey_id', '=', journeyId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((row) => linkView(row));
    },

    /** Revokes a link at once, and ends the session it opened if it was used. Revoking again changes nothing. */
    async revoke(caller: Caller, journeyId: string, linkId: string): Promise<PersonLinkView> {
      caller.audit(journeyId, 'revoke personal link');
      requireRole(caller.principal, keepers, 'revoke personal links');
      await visibleJourney(db, caller.principal, journeyId);
      const mine = db.selectFrom('person_links').select(columns).where('link_id', '=', linkId).where('journey_id', '=', journeyId);
      const revoked = await db
        .updateTable('person_links')
        .set({ revoked_at: new Date(), revoked_by: JSON.stringify(actorOf(caller.principal)) })
        .where('link_id', '=', linkId)
        .where('journey_id', '=', journeyId)
        .where('revoked_at', 'is', null)
        .returning(columns)
        .executeTakeFirst();
      const row = revoked ?? (await mine.executeTakeFirst());
      if (!row) throw notFound('No such personal link on this journey.');
      await deps.sessions.endForLink(linkId);
      return linkView(row);
    },

    /**
     * Exchanges a link for a session, once: the first opening wins, and a used, revoked, expired or unknown
     * link opens nothing (the same answer for each, so links cannot be probed).
     */
    async exchange(secret: string): Promise<{ principal: Principal; session: { secret: string; expiresAt: Date } } | null> {
      const row = await db
        .updateTable('person_links')
        .set({ used_at: new Date() })
        .where('token_hash', '=', hashOf(secret))
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', new Date())
        .returning(['link_id', 'journey_id'])
        .executeTakeFirst();
      if (!row) return null;
      const principal: Principal = { role: 'person', sub: `person:${row.journey_id}`, teams: [], journeyId: row.journey_id };
      const session = await deps.sessions.start(principal, { ttlSeconds: PERSON_SESSION_HOURS * 3600, linkId: row.link_id });
      return { principal, session };
    },
  };
}
