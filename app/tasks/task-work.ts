import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { TaskWork } from '../../domain/commands';
import { parseTaskId } from '../../domain/ids';
import { requireRole, visibleJourney } from '../access';
import type { Caller } from '../caller';
import { forbidden, notFound, parseInput } from '../errors';
import { idempotencyScope, runIdempotently } from '../idempotency';
import type { JourneyWorkflows } from '../journeys/journey-workflows';
import { actorOf } from '../principal';
import { taskReaders } from './task-list';
import { taskView, type TaskView } from './task-view';

export const taskActions = ['claim', 'release', 'assign', 'snooze', 'complete'] as const;
export type TaskAction = (typeof taskActions)[number];

/** What work on a task a role may do without it being theirs: taking, snoozing and finishing it. */
const needsTheRole: readonly TaskAction[] = ['claim', 'snooze', 'complete'];

/**
 * Work on one task (`POST /api/tasks/{taskId}/claim`, `release`, `assign`, `snooze`, `complete`): a task of a
 * journey the caller sees (404 otherwise, as for journeys), work their role may do (403), once per
 * Idempotency-Key; the journey's workflow decides (409 when the task is closed or someone else has it)
 * and the task is read back as it now stands. Attributed to the caller and audited on the journey.
 */
export function createTaskWork(deps: { db: Kysely<Database>; workflows: JourneyWorkflows }) {
  const { db } = deps;
  const read = (taskId: string) => db.selectFrom('tasks').selectAll().where('task_id', '=', taskId).executeTakeFirst();

  return async function workOnTask(
    caller: Caller,
    taskId: string,
    action: TaskAction,
    body: unknown,
    options: { idempotencyKey?: string } = {},
  ): Promise<TaskView> {
    const { principal } = caller;
    const named = parseTaskId(taskId);
    if (named) caller.audit(named.journeyId, `task ${action}`);
    requireRole(principal, taskReaders, 'work on tasks');
    const row = named ? await read(taskId) : undefined;
    if (!row) throw notFound('No such task.');
    await visibleJourney(db, principal, row.journey_id);
    const overseer = principal.role === 'manager' || principal.role === 'admin';
    if (needsTheRole.includes(action) && !overseer && principal.role !== row.role)
      throw forbidden(`This task is for the ${row.role} role: a ${principal.role} may not ${action} it.`);
    const fields = body && typeof body === 'object' ? body : {};
    const command = parseInput(TaskWork, { ...fields, type: `${action}_task`, key: row.key });
    return runIdempotently(
      db,
      { scope: idempotencyScope(principal, `POST /api/tasks/${taskId}/${action}`), key: options.idempotencyKey, body, successStatus: 200 },
      randomUUID,
      async (updateId) => {
        await deps.workflows.command(row.journey_id, updateId, command, actorOf(principal));
        return taskView((await read(taskId))!);
      },
    );
  };
}
