import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { mayReadAudit, visibleJourney } from './access';
import { requireRole } from './auth';
import { parseOr400 } from './http-error';

declare module 'fastify' {
  interface FastifyRequest {
    /** The journeys this request reads or changes, and what it does: written to the audit log as it answers. */
    audited?: { journeyIds: string[]; action: string };
  }
}

/** Marks a request as reading or changing these journeys; the answer's status becomes the outcome. */
export function audit(request: FastifyRequest, journeyIds: string | string[], action: string): void {
  request.audited = { journeyIds: Array.isArray(journeyIds) ? journeyIds : [journeyIds], action };
}

const outcomeOf = (status: number): string =>
  status < 400 ? 'done' : status === 404 ? 'not_found' : status === 403 ? 'forbidden' : status === 409 ? 'refused' : status < 500 ? 'rejected' : 'failed';

/**
 * Writes an append-only row for every request that touched journeys (who, role, when, which journeys,
 * what, and the outcome, including attempts that were refused or not found), before the answer leaves:
 * the journey for a request about one, or all of them in one row for a list.
 */
export function registerAuditTrail(app: FastifyInstance, db: Kysely<Database>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const entry = request.audited;
    if (!entry || !request.principal || entry.journeyIds.length === 0) return payload;
    request.audited = undefined;
    const [only, ...more] = entry.journeyIds;
    try {
      await db
        .insertInto('audit_log')
        .values({
          actor_sub: request.principal.sub,
          actor_role: request.principal.role,
          journey_id: more.length === 0 ? only! : null,
          journey_ids: more.length === 0 ? null : entry.journeyIds,
          action: entry.action,
          outcome: outcomeOf(reply.statusCode),
          status: reply.statusCode,
          request_id: request.id,
        })
        .execute();
    } catch (error) {
      // The answer still goes out (a write already happened); the failure is logged without values.
      request.log.error({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, 'audit write failed');
    }
    return payload;
  });
}

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** The `nextCursor` of the previous page: entries older than it. */
  cursor: z.string().regex(/^[0-9]{1,18}$/, 'must be a cursor from an earlier page').optional(),
});

/** `GET /api/journeys/{id}/audit`: who read or changed the journey, newest first (managers and admins). */
export function registerAuditRoutes(app: FastifyInstance, db: Kysely<Database>, JourneyParams: z.ZodType<{ id: string }>): void {
  app.get('/api/journeys/:id/audit', async (request) => {
    const { id } = parseOr400(JourneyParams, request.params);
    audit(request, id, 'read audit');
    if (!mayReadAudit(request.principal)) requireRole(request.principal, ['manager', 'admin'], 'read the audit trail');
    const query = parseOr400(AuditQuery, request.query);
    await visibleJourney(db, request.principal, id);
    // Rows about this journey alone, and the lists that showed it.
    let q = db.selectFrom('audit_log').selectAll().where((w) => w.or([w('journey_id', '=', id), w('journey_ids', '@>', sql<string[]>`array[${id}]::text[]`)]));
    if (query.cursor) q = q.where('id', '<', query.cursor);
    const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
    const page = rows.slice(0, query.limit);
    return {
      journeyId: id,
      entries: page.map((row) => ({
        at: row.at.toISOString(),
        actor: { sub: row.actor_sub, role: row.actor_role },
        action: row.action,
        outcome: row.outcome,
        status: row.status,
      })),
      nextCursor: rows.length > query.limit ? String(page.at(-1)!.id) : null,
    };
  });
}
