import type { CommandOf } from '../commands';
import type { DecisionContext } from '../context';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { requireOpen } from '../guards';
import type { JourneyState } from '../state';
import type { OpenTask } from '../tasks/task';

/** Managers and admins may act on any task of a journey they see; others on the work of their role. */
const overseer = (context: DecisionContext) => context.actor.role === 'manager' || context.actor.role === 'admin';

function openTask(state: JourneyState, key: string): OpenTask {
  requireOpen(state);
  return (
    state.tasks?.[key] ?? reject('task_not_open', 'That task is closed already (done or no longer needed): there is nothing to do on it.')
  );
}

function requireRoleFor(task: OpenTask, context: DecisionContext, what: string): void {
  if (!overseer(context) && context.actor.role !== task.role)
    reject('not_your_task', `This task is for the ${task.role} role: a ${context.actor.role} may not ${what} it.`);
}

/** A task the workflow opens by itself (for a message that could not reach the person), once per key. */
export function openTaskDecision(command: CommandOf<'open_task'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  if (state.tasks?.[command.key]) reject('task_already_open', 'That task is open already.');
  const assignee = command.role === 'coordinator' ? state.coordinator : null;
  const { key, kind, role, reason, dueAt } = command;
  return [{ type: 'task_opened', data: { key, kind, role, assignee, dueAt, reason } }];
}

/** Taking a task from the team's queue: one of the role's staff, and only while nobody else has it. */
export function claimTask(command: CommandOf<'claim_task'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const task = openTask(state, command.key);
  requireRoleFor(task, context, 'take');
  if (task.assignee === context.actor.sub) reject('task_already_yours', 'You have this task already.');
  if (task.assignee !== null && !overseer(context))
    reject('task_taken', `${task.assignee} has this task: they can hand it on, or a manager can assign it.`);
  return [{ type: 'task_assigned', data: { key: task.key, assignee: context.actor.sub } }];
}

/** Giving a task back to the team's queue: whoever has it, or a manager. */
export function releaseTask(command: CommandOf<'release_task'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const task = openTask(state, command.key);
  if (task.assignee === null) reject('task_not_taken', 'Nobody has this task: it is in the team’s queue already.');
  if (task.assignee !== context.actor.sub && !overseer(context))
    reject('not_your_task', 'Only whoever has this task, or a manager, can give it back.');
  return [{ type: 'task_assigned', data: { key: task.key, assignee: null } }];
}

/** Handing a task to someone: a manager, or whoever has it handing it on. */
export function assignTask(command: CommandOf<'assign_task'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const task = openTask(state, command.key);
  if (!overseer(context) && task.assignee !== context.actor.sub)
    reject('not_your_task', 'Only a manager, or whoever has this task, can hand it to someone.');
  if (task.assignee === command.to) reject('task_already_theirs', `${command.to} has this task already.`);
  return [{ type: 'task_assigned', data: { key: task.key, assignee: command.to } }];
}

/** Not overdue until a later time, with the reason: whoever could do it. */
export function snoozeTask(command: CommandOf<'snooze_task'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const task = openTask(state, command.key);
  requireRoleFor(task, context, 'snooze');
  if (task.assignee !== null && task.assignee !== context.actor.sub && !overseer(context))
    reject('not_your_task', `${task.assignee} has this task: only they, or a manager, can snooze it.`);
  return [{ type: 'task_snoozed', data: { key: task.key, until: command.until, reason: command.reason } }];
}

/** Done, with what came of it: whoever has it, anyone of its role while it waits in the queue, or a manager. */
export function completeTask(command: CommandOf<'complete_task'>, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const task = openTask(state, command.key);
  requireRoleFor(task, context, 'complete');
  if (task.assignee !== null && task.assignee !== context.actor.sub && !overseer(context))
    reject('not_your_task', `${task.assignee} has this task: only they, or a manager, can complete it.`);
  return [{ type: 'task_completed', data: { key: task.key, outcome: command.outcome } }];
}
