import { taskIdOf } from '../../domain/ids';
import type { OpenTask } from '../../domain/tasks/task';
import type { JourneyChanges } from './journey-changes';
import { readModel } from './read-model';
import { upsertTable } from './table-declaration';
import type { RowOf } from './table-types';

/** Every task of every journey, open or closed: the worklists, the tasks API and their analytics read it. */
const tasksTable = upsertTable({
  name: 'tasks',
  rows: 'tasks',
  key: ['journey_id', 'key'],
  // What a task's life changes; what it was opened with stays as it was.
  update: [
    'assignee',
    'due_at',
    'snoozed_until',
    'snooze_reason',
    'status',
    'outcome',
    'closed_reason',
    'closed_at',
    'closed_by',
    'updated_at',
  ],
  columns: {
    task_id: 'text',
    journey_id: 'text',
    key: 'text',
    kind: 'text',
    role: 'text',
    team: 'text',
    assignee: 'text null',
    due_at: 'timestamptz',
    snoozed_until: 'timestamptz null',
    snooze_reason: 'text null',
    status: 'text',
    reason: 'text',
    outcome: 'text null',
    closed_reason: 'text null',
    opened_at: 'timestamptz',
    closed_at: 'timestamptz null',
    closed_by: 'text null',
    updated_at: 'timestamptz',
  },
});

type TaskRow = RowOf<typeof tasksTable>;

/** The row of a task open before the batch, from the journey's state (its open time stays in the table). */
function rowOf(journeyId: string, team: string, task: OpenTask, at: string): TaskRow {
  return {
    task_id: taskIdOf(journeyId, task.key),
    journey_id: journeyId,
    key: task.key,
    kind: task.kind,
    role: task.role,
    team,
    assignee: task.assignee,
    due_at: task.dueAt,
    snoozed_until: task.snoozedUntil,
    snooze_reason: null,
    status: 'open',
    reason: task.reason,
    outcome: null,
    closed_reason: null,
    opened_at: at,
    closed_at: null,
    closed_by: null,
    updated_at: at,
  };
}

/** Each task's row as the batch leaves it: opened, taken, snoozed, done or cancelled, with who and when. */
function project(changes: readonly JourneyChanges[]): { tasks: TaskRow[] } {
  const tasks: TaskRow[] = [];
  for (const { journeyId, before, steps } of changes) {
    const rows = new Map<string, TaskRow>();
    const team = steps.at(-1)!.after.team ?? 'unknown';
    const existing = (key: string, at: string) => {
      const known = rows.get(key) ?? (before.tasks?.[key] ? rowOf(journeyId, team, before.tasks[key]!, at) : undefined);
      if (known) rows.set(key, known);
      return known;
    };
    for (const { event } of steps) {
      const at = event.occurredAt;
      switch (event.type) {
        case 'task_opened': {
          const { key, kind, role, assignee, dueAt, reason } = event.data;
          rows.set(key, rowOf(journeyId, team, { key, kind, role, assignee, dueAt, reason, snoozedUntil: null }, at));
          break;
        }
        case 'task_assigned': {
          const row = existing(event.data.key, at);
          if (row) Object.assign(row, { assignee: event.data.assignee, updated_at: at });
          break;
        }
        case 'task_snoozed': {
          const row = existing(event.data.key, at);
          if (row) Object.assign(row, { snoozed_until: event.data.until, snooze_reason: event.data.reason, updated_at: at });
          break;
        }
        case 'task_completed':
        case 'task_cancelled': {
          const row = existing(event.data.key, at);
          if (!row) break;
          const done = event.type === 'task_completed';
          Object.assign(row, {
            status: done ? 'done' : 'cancelled',
            outcome: done ? event.data.outcome : null,
            closed_reason: done ? null : event.data.reason,
            closed_at: at,
            closed_by: event.actor.sub,
            updated_at: at,
          });
          break;
        }
        default:
          break;
      }
    }
    tasks.push(...rows.values());
  }
  return { tasks };
}

export const tasksReadModel = readModel([tasksTable], () => project);
