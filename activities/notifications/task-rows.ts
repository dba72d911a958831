import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { duePointTaskKey, taskForDuePoint, type TaskKind, type TaskRole } from '../../domain/tasks/task';
import type { DuePointKind } from '../../domain/vocabulary';

/** A staff message with no task for it yet: the workflow opens one (it is the journey's only writer). */
export interface UnlistedTask {
  key: string;
  kind: TaskKind;
  role: TaskRole;
  reason: string;
  dueAt: string;
}

/**
 * A staff message is delivered by being on a task list: its outbox row is marked sent, naming the task,
 * only once the journey has a task for it (opened with the due point, in the same append). Rows still
 * without a task (a call or visit after a letter failed, which the delivery queued) come back, for the
 * workflow to open their tasks; the next notification of the journey settles them.
 */
export async function settleTaskRows(db: Kysely<Database>, journeyId: string, policyDayMs: number): Promise<UnlistedTask[]> {
  await sql`
    update notifications n set status = 'sent', provider = 'task_list', provider_id = t.task_id, sent_at = now(), updated_at = now()
    from tasks t
    where n.journey_id = ${journeyId} and n.channel = 'task' and n.status in ('queued', 'sending')
      and t.journey_id = n.journey_id and t.key = 'due:' || n.due_key`.execute(db);
  const unlisted = await db
    .selectFrom('notifications')
    .select(['due_key', 'kind', 'template', 'fallback_of'])
    .where('journey_id', '=', journeyId)
    .where('channel', '=', 'task')
    .where('status', 'in', ['queued', 'sending'])
    .orderBy('id')
    .execute();
  const dueAt = new Date(Date.now() + policyDayMs).toISOString();
  return unlisted.map((row) => {
    const task =
      row.template === 'call_or_visit'
        ? { kind: 'call_or_visit' as const, role: 'coordinator' as const }
        : taskForDuePoint[row.kind as DuePointKind];
    return {
      key: duePointTaskKey(row.due_key),
      kind: task?.kind ?? 'coordinator_reminder',
      role: task?.role ?? 'coordinator',
      // A fallback's task outlives the wait it came from: the person still has to be reached.
      reason: row.fallback_of ? `contact:${row.due_key}` : row.due_key,
      dueAt,
    };
  });
}
