import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { Party, Stage } from '../../domain/vocabulary';
import type { Database } from '../../db/schema';
import type { JourneyScope } from '../access';
import { QUIET_DAYS, reviewOverdue } from '../analytics/analytics-service';
import { invalidInput } from '../errors';
import { journeyView } from './journey-view';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The query of `GET /api/journeys`. */
export const JourneyListQuery = z.object({
  stage: Stage.optional(),
  team: z.string().min(1).max(100).optional(),
  coordinator: z.string().min(1).max(200).optional(),
  waitingOn: Party.optional(),
  status: z.enum(['open', 'closed']).optional(),
  stalled: flag.optional(),
  reviewOverdue: flag.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type JourneyListQuery = z.infer<typeof JourneyListQuery>;

const encodeCursor = (openedAt: Date, id: string) => Buffer.from(JSON.stringify([openedAt.toISOString(), id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const [openedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    if (typeof openedAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(openedAt))) return [openedAt, id];
  } catch {
    // fall through to the 400
  }
  throw invalidInput('The cursor is not valid.', [{ path: 'cursor', message: 'is not a cursor from an earlier page' }]);
}

/** Journeys newest first, filtered, a page at a time: the cursor is where the last page ended. */
export async function listJourneys(
  db: Kysely<Database>,
  query: JourneyListQuery,
  policyDayMs: number,
  now = new Date(),
  scope: JourneyScope = { all: true },
) {
  let q = db.selectFrom('journeys').selectAll();
  // Only what the caller may see (api/access.ts): their teams', or a person's own journey.
  if (!scope.all)
    q =
      'teams' in scope
        ? q.where('team', 'in', scope.teams.length > 0 ? scope.teams : [''])
        : q.where('journey_id', '=', scope.journeyId ?? '');
  if (query.stage) q = q.where('stage', '=', query.stage);
  if (query.team) q = q.where('team', '=', query.team);
  if (query.coordinator) q = q.where('coordinator', '=', query.coordinator);
  if (query.waitingOn) q = q.where('waiting_on', '=', query.waitingOn);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.stalled !== undefined) {
    const stalled = sql<boolean>`(status = 'open' and (over_target_at < ${now} or (updated_at < ${new Date(now.getTime() - QUIET_DAYS * policyDayMs)} and stage <> 'active')))`;
    q = q.where(query.stalled ? stalled : sql<boolean>`not ${stalled}`);
  }
  if (query.reviewOverdue !== undefined) {
    const overdue = sql<boolean>`(status = 'open' and ${reviewOverdue(now)})`;
    q = q.where(query.reviewOverdue ? overdue : sql<boolean>`not coalesce(${overdue}, false)`);
  }
  if (query.cursor) {
    const [openedAt, id] = decodeCursor(query.cursor);
    q = q.where(sql<boolean>`(opened_at, journey_id) < (${new Date(openedAt)}, ${id})`);
  }
  const rows = await q
    .orderBy('opened_at', 'desc')
    .orderBy('journey_id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    journeys: page.map(journeyView),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.opened_at, last.journey_id) : null,
  };
}
