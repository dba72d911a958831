import type { DuePointKind } from '../vocabulary';

/**
 * The kinds of staff work a journey gives (api.md, "Tasks"). Plain lists, no schema: the workflow shares
 * this module between cached journeys, frozen (the schemas are in task-schema.ts).
 */
export const taskKinds = [
  'pick_up_referral',
  'coordinator_reminder',
  'manager_alert',
  'approver_reminder',
  'call_or_visit',
  'sign_off',
  'prepare_review',
  'breach',
] as const;
export type TaskKind = (typeof taskKinds)[number];

/** Who may take a task: the role whose work it is (managers and admins may act on any). */
export const taskRoles = ['coordinator', 'approver', 'manager'] as const;
export type TaskRole = (typeof taskRoles)[number];

/**
 * A task while it is open, as the journey's state holds it: small, and keyed by a key unique within the
 * journey (the due point's, or the stage entry's), so that the same reason never opens two tasks. Closed
 * tasks leave the state; the tasks read model keeps their whole life.
 */
export interface OpenTask {
  key: string;
  kind: TaskKind;
  role: TaskRole;
  /** The member of staff who took it; null while it waits in the team's queue. */
  assignee: string | null;
  dueAt: string;
  /** Not overdue before this time (a snooze with a reason). */
  snoozedUntil: string | null;
  /** Why it exists: the due point's key, the stage's work, or what the person did. */
  reason: string;
}

/** The task each staff-directed due point opens; none for the person's own reminders and invitations. */
export const taskForDuePoint: Partial<Record<DuePointKind, { kind: TaskKind; role: TaskRole }>> = {
  coordinator_task: { kind: 'call_or_visit', role: 'coordinator' },
  coordinator_reminder: { kind: 'coordinator_reminder', role: 'coordinator' },
  manager_alert: { kind: 'manager_alert', role: 'manager' },
  approver_reminder: { kind: 'approver_reminder', role: 'approver' },
  breach: { kind: 'breach', role: 'manager' },
};

/** The task of a due point, by its key: opened once, whatever retries or replays follow. */
export const duePointTaskKey = (dueKey: string): string => `due:${dueKey}`;

/** Overdue: past its due time, and not snoozed past now. */
export const isOverdue = (task: { dueAt: string; snoozedUntil: string | null }, now: string): boolean =>
  Date.parse(task.dueAt) < Date.parse(now) && (task.snoozedUntil === null || Date.parse(task.snoozedUntil) <= Date.parse(now));
