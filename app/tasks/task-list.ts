import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { taskKinds } from '../../domain/tasks/task';
import { requireRole, teamsInScope } from '../access';
import type { Caller } from '../caller';
import { invalidInput, parseInput } from '../errors';
import { taskView, type TaskView } from './task-view';

/** Who may read and work tasks: the staff whose work they are, and those who oversee it. */
export const taskReaders = ['coordinator', 'approver', 'manager', 'admin'] as const;

export const TaskListQuery = z.object({
  assignee: z.string().min(1).max(200).optional(),
  team: z.string().min(1).max(100).optional(),
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  kind: z.enum(taskKinds).optional(),
  due: z.enum(['overdue', 'today', 'week']).optional(),
  journeyId: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

const encodeCursor = (dueAt: Date, taskId: string) => Buffer.from(JSON.stringify([dueAt.toISOString(), taskId])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const [dueAt, taskId] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    if (typeof dueAt === 'string' && typeof taskId === 'string' && !Number.isNaN(Date.parse(dueAt))) return [dueAt, taskId];
  } catch {
    // fall through to the 400
  }
  throw invalidInput('The cursor is not valid.', [{ path: 'cursor', message: 'is not a cursor from an earlier page' }]);
}

/**
 * `GET /api/tasks`: the tasks of journeys the caller may see, soonest due first (the overdue first of all),
 * a page at a time. `assignee=me` is the caller's own; `none`, the teams' queues. Each list shows only
 * what a journey page would show the caller: no personal data.
 */
export function createTaskList(db: Kysely<Database>) {
  return async function listTasks(
    caller: Caller,
    rawQuery: unknown,
    now = new Date(),
  ): Promise<{ tasks: TaskView[]; nextCursor: string | null }> {
    requireRole(caller.principal, taskReaders, 'see tasks');
    const query = parseInput(TaskListQuery, rawQuery);
    const teams = teamsInScope(caller.principal);
    let q = db.selectFrom('tasks').selectAll();
    if (teams) q = q.where('team', 'in', teams.length > 0 ? teams : ['\u0000none']);
    if (query.team) q = q.where('team', '=', query.team);
    if (query.assignee === 'me') q = q.where('assignee', '=', caller.principal.sub);
    else if (query.assignee === 'none') q = q.where('assignee', 'is', null);
    else if (query.assignee) q = q.where('assignee', '=', query.assignee);
    q = q.where('status', '=', query.status ?? 'open');
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.journeyId) q = q.where('journey_id', '=', query.journeyId);
    if (query.due === 'overdue')
      q = q.where('due_at', '<', now).where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', now)]));
    else if (query.due === 'today') q = q.where('due_at', '<', new Date(new Date(now).setUTCHours(24, 0, 0, 0)));
    else if (query.due === 'week') q = q.where('due_at', '<', new Date(now.getTime() + 7 * 86_400_000));
    if (query.cursor) {
      const [dueAt, taskId] = decodeCursor(query.cursor);
      q = q.where(sql<boolean>`(due_at, task_id) > (${new Date(dueAt)}, ${taskId})`);
    }
    const rows = await q
      .orderBy('due_at')
      .orderBy('task_id')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      tasks: page.map((row) => taskView(row, now)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.due_at, last.task_id) : null,
    };
  };
}
