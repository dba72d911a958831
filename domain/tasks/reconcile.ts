import { instant, ms } from '../dates';
import type { JourneyEvent, RecordedEvent } from '../events';
import { evolve } from '../evolve';
import { stageTargetDays } from '../schedule';
import type { JourneyState } from '../state';
import type { Actor } from '../vocabulary';
import { duePointTaskKey, taskForDuePoint, type OpenTask, type TaskKind, type TaskRole } from './task';

/** What the task rules need besides the states: who acted, when (the events' time), and how long a policy day is. */
export interface TaskContext {
  actor: Actor;
  now: string;
  policyDayMs: number;
}

/** The staff work that a stage gives when the journey enters it, and the event that does that work. */
const stageWork: Partial<Record<JourneyState['stage'], { kind: TaskKind; role: TaskRole; doneBy: JourneyEvent['type'][] }>> = {
  sign_off: { kind: 'sign_off', role: 'approver', doneBy: ['plan_approved', 'plan_returned', 'plan_refused'] },
  review: { kind: 'prepare_review', role: 'coordinator', doneBy: ['review_completed'] },
};

/** What a person did on their own page that their coordinator must act on. */
const personAsks: Partial<Record<JourneyEvent['type'], string>> = {
  advice_requested: 'The person asked for independent advice',
  preferences_updated: 'The person changed how they want to hear from us',
  decision_recorded: 'The person told us their decision',
};

/**
 * When a task is due: by the current stage's target when that is still ahead, else a policy day from now.
 * Pure: the time is the events', passed in.
 */
function dueAt(state: JourneyState, context: TaskContext): string {
  const target = stageTargetDays(state);
  const now = ms(context.now);
  const byTarget = target !== undefined && state.stageEnteredAt ? ms(state.stageEnteredAt) + target * context.policyDayMs : null;
  return instant(byTarget !== null && byTarget > now ? byTarget : now + context.policyDayMs);
}

/** A due point's task is still about the journey while its key belongs to the current wait or stage. */
function duePointStillApplies(task: OpenTask, state: JourneyState): boolean {
  const dueKey = task.reason;
  return dueKey.startsWith(`${state.stage}:${state.clock.version}:`) || dueKey === `${state.stage}:${state.clock.stageVersion}:breach`;
}

/**
 * The task events that follow a command's events: the pure rules of "Staff work that reaches the people
 * who must act" (domain.md). A staff-directed due point opens its task; entering a stage opens the work it
 * gives staff (a referral to pick up, a plan to sign off, a review to prepare); what the person does on
 * their own page opens a task for their coordinator. A task closes by itself when its reason goes: done
 * when the work it asked for was done (by whoever did it), cancelled when the wait or stage it was about
 * ended, and every task when the journey closes. Each task opens once per reason: its key says which.
 */
export function taskEventsAfter(
  before: JourneyState,
  events: readonly JourneyEvent[],
  after: JourneyState,
  context: TaskContext,
): JourneyEvent[] {
  const open = Object.values(after.tasks ?? {});
  if (after.status === 'closed') return open.map((task) => ({ type: 'task_cancelled', data: { key: task.key, reason: 'journey_closed' } }));
  const out: JourneyEvent[] = [];
  const types = new Set(events.map((event) => event.type));

  for (const task of open) {
    if (task.kind === 'pick_up_referral' && after.coordinator !== null)
      out.push({ type: 'task_completed', data: { key: task.key, outcome: `Coordinator assigned: ${after.coordinator}` } });
    else if (task.reason.startsWith('stage:')) {
      const work = Object.values(stageWork).find((candidate) => candidate?.kind === task.kind);
      const done = work?.doneBy.find((type) => types.has(type));
      if (done) out.push({ type: 'task_completed', data: { key: task.key, outcome: `Done: ${done.replace(/_/g, ' ')}` } });
      else if (task.reason !== `stage:${after.stage}:${after.clock.stageVersion}`)
        out.push({ type: 'task_cancelled', data: { key: task.key, reason: 'stage_moved_on' } });
    } else if (task.reason.startsWith('person:') || task.reason.startsWith('contact:')) continue;
    else if (!duePointStillApplies(task, after)) out.push({ type: 'task_cancelled', data: { key: task.key, reason: 'wait_ended' } });
  }

  const opened = (key: string, kind: TaskKind, role: TaskRole, reason: string): JourneyEvent => ({
    type: 'task_opened',
    data: { key, kind, role, assignee: role === 'coordinator' ? after.coordinator : null, dueAt: dueAt(after, context), reason },
  });
  const work = stageWork[after.stage];
  if (types.has('journey_opened') && after.coordinator === null) {
    const reason = `stage:referral:${after.clock.stageVersion}`;
    out.push(opened(reason, 'pick_up_referral', 'coordinator', reason));
  }
  if (work && types.has('stage_changed') && before.stage !== after.stage) {
    const reason = `stage:${after.stage}:${after.clock.stageVersion}`;
    out.push(opened(reason, work.kind, work.role, reason));
  }
  for (const event of events) {
    if (event.type !== 'reminder_sent') continue;
    const task = taskForDuePoint[event.data.kind];
    if (task) out.push(opened(duePointTaskKey(event.data.key), task.kind, task.role, event.data.key));
  }
  if (context.actor.role === 'person')
    for (const event of events) {
      const what = personAsks[event.type];
      if (what) out.push(opened(`person:${event.type}:${after.version}`, 'coordinator_reminder', 'coordinator', `person:${what}`));
    }
  return out;
}

/**
 * A command's events followed by the task events they call for: what the workflow appends, in one append,
 * and what the workload generator writes, so that both keep tasks alike.
 */
export function withTaskEvents(state: JourneyState, decided: readonly JourneyEvent[], context: TaskContext): JourneyEvent[] {
  let after = state;
  decided.forEach((event, i) => {
    after = evolve(after, {
      ...event,
      eventId: '',
      version: state.version + i + 1,
      occurredAt: context.now,
      actor: context.actor,
    } as RecordedEvent);
  });
  return [...decided, ...taskEventsAfter(state, decided, after, context)];
}
