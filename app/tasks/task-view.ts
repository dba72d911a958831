import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { isOverdue, type TaskKind } from '../../domain/tasks/task';

type TaskRow = Selectable<Database['tasks']>;

const stageWords: Record<string, string> = {
  referral: 'the referral',
  awareness: 'telling the person about budgets',
  assessment: 'the assessment',
  indicative_budget: 'the indicative budget',
  planning: 'the plan',
  sign_off: 'the sign-off',
  setup: 'setting up support',
  active: 'the support',
  review: 'the review',
};

/** The stage a task's reason names (a due point's key and a stage's work both begin with it). */
const stageOf = (reason: string): string | undefined => stageWords[reason.replace(/^stage:/, '').split(':')[0] ?? ''];

/** What to do, in a line a worklist can show: no personal data, only the kind of work and its stage. */
export function taskTitle(kind: TaskKind, reason: string): string {
  const stage = stageOf(reason) ?? 'the journey';
  switch (kind) {
    case 'pick_up_referral':
      return 'Pick up a new referral';
    case 'coordinator_reminder':
      return reason.startsWith('person:') ? reason.slice('person:'.length) : `Move ${stage} on: half its target time has gone`;
    case 'manager_alert':
      return `Late: ${stage} has reached its target time`;
    case 'approver_reminder':
      return 'A plan has waited for sign-off';
    case 'call_or_visit':
      return 'Phone or visit the person: our messages have not reached them';
    case 'sign_off':
      return 'Sign off a plan';
    case 'prepare_review':
      return 'Prepare a review';
    case 'breach':
      return `Breach: ${stage} has taken twice its target time`;
  }
}

/** A task as the API answers it (api.md, "Tasks"). */
export function taskView(row: TaskRow, now = new Date()) {
  const kind = row.kind as TaskKind;
  return {
    taskId: row.task_id,
    journeyId: row.journey_id,
    kind,
    title: taskTitle(kind, row.reason),
    role: row.role,
    team: row.team,
    assignee: row.assignee,
    dueAt: row.due_at.toISOString(),
    openedAt: row.opened_at.toISOString(),
    status: row.status as 'open' | 'done' | 'cancelled',
    overdue:
      row.status === 'open' &&
      isOverdue({ dueAt: row.due_at.toISOString(), snoozedUntil: row.snoozed_until?.toISOString() ?? null }, now.toISOString()),
    snoozedUntil: row.snoozed_until?.toISOString() ?? null,
    snoozeReason: row.snooze_reason,
    reason: row.reason,
    outcome: row.outcome,
    closedReason: row.closed_reason,
    closedAt: row.closed_at?.toISOString() ?? null,
    closedBy: row.closed_by,
  };
}
export type TaskView = ReturnType<typeof taskView>;
