import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { rolesFor, requireRole, visibleJourney } from './access';
import type { Caller } from './caller';
import { parseInput } from './errors';
import type { Principal } from './principal';

/** The journeys one request read or changed, and what it did. */
export interface AuditMark {
  journeyIds: string[];
  action: string;
}

/** The outcome an answer's status stands for on the trail. */
export const outcomeOf = (status: number): string =>
  status < 400
    ? 'done'
    : status === 404
      ? 'not_found'
      : status === 403
        ? 'forbidden'
        : status === 409
          ? 'refused'
          : status < 500
            ? 'rejected'
            : 'failed';

/**
 * Writes the append-only row of one request that touched journeys (who, role, when, which journeys, what,
 * and the outcome, including attempts that were refused or not found): the journey for a request about
 * one, or all of them in one row for a list. A trigger refuses updates and deletes (migration 0010).
 */
export async function recordAudit(
  db: Kysely<Database>,
  entry: { principal: Principal; mark: AuditMark; status: number; requestId: string },
): Promise<void> {
  const [only, ...more] = entry.mark.journeyIds;
  await db
    .insertInto('audit_log')
    .values({
      actor_sub: entry.principal.sub,
      actor_role: entry.principal.role,
      journey_id: more.length === 0 ? only! : null,
      journey_ids: more.length === 0 ? null : entry.mark.journeyIds,
      action: entry.mark.action,
      outcome: outcomeOf(entry.status),
      status: entry.status,
      request_id: entry.requestId,
    })
    .execute();
}

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** The `nextCursor` of the previous page: entries older than it. */
  cursor: z
    .string()
    .regex(/^[0-9]{1,18}$/, 'must be a cursor from an earlier page')
    .optional(),
});

/** Who read or changed a journey, newest first (managers and admins): `GET /api/journeys/{id}/audit`. */
export function createAuditTrail(db: Kysely<Database>) {
  return async function auditTrail(caller: Caller, journeyId: string, query: unknown) {
    caller.audit(journeyId, 'read audit');
    requireRole(caller.principal, rolesFor.readAudit, 'read the audit trail');
    const { limit, cursor } = parseInput(AuditQuery, query);
    await visibleJourney(db, caller.principal, journeyId);
    // Rows about this journey alone, and the lists that showed it.
    let q = db
      .selectFrom('audit_log')
      .selectAll()
      .where((w) => w.or([w('journey_id', '=', journeyId), w('journey_ids', '@>', sql<string[]>`array[${journeyId}]::text[]`)]));
    if (cursor) q = q.where('id', '<', cursor);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return {
      journeyId,
      entries: page.map((row) => ({
        at: row.at.toISOString(),
        actor: { sub: row.actor_sub, role: row.actor_role },
        action: row.action,
        outcome: row.outcome,
        status: row.status,
      })),
      nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
    };
  };
}
