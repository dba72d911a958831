import type { Command } from '../../../domain/commands';
import { decide } from '../../../domain/decide';
import { DomainError } from '../../../domain/errors';
import type { JourneyEvent, RecordedEvent } from '../../../domain/events';
import { evolve } from '../../../domain/evolve';
import { duePoints } from '../../../domain/schedule';
import { withTaskEvents } from '../../../domain/tasks/reconcile';
import { isOverdue, type OpenTask } from '../../../domain/tasks/task';
import type { Actor } from '../../../domain/vocabulary';
import { approver, coordinator, DAY, Journey, manager, person, system } from './decider-spec';

/** A journey whose commands run as the workflow runs them: decided, then followed by their task events. */
class TaskJourney extends Journey {
  override run(command: Command, actor: Actor = coordinator): JourneyEvent[] {
    const now = new Date(this.now).toISOString();
    const events = withTaskEvents(this.state, decide(command, this.state, { actor }), { actor, now, policyDayMs: DAY });
    for (const event of events) {
      const recorded = {
        ...event,
        eventId: `e${this.state.version + 1}`,
        version: this.state.version + 1,
        occurredAt: now,
        actor,
      } as RecordedEvent;
      this.events.push(recorded);
      this.state = evolve(this.state, recorded);
    }
    return events;
  }

  /** The open tasks, but for those the person's own steps opened on the way (the walk has the person proceed). */
  get tasks(): OpenTask[] {
    return Object.values(this.state.tasks ?? {}).filter((task) => !task.reason.startsWith('person:'));
  }

  /** Fires every due point now due, as the workflow's timers would. */
  fireDue(): JourneyEvent[] {
    const fired: JourneyEvent[] = [];
    for (const point of duePoints(this.state, DAY).filter((p) => Date.parse(p.dueAt) <= this.now))
      fired.push(
        ...this.run(
          { type: point.kind === 'review_due' ? 'start_review' : 'record_reminder', key: point.key, trigger: 'scheduled' } as Command,
          system,
        ),
      );
    return fired;
  }
}

const taskEvents = (events: JourneyEvent[]) =>
  events.filter((e) => e.type.startsWith('task_') && !('key' in e.data && String(e.data.key).startsWith('person:')));
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('not refused');
};

describe('tasks: the staff work a journey gives', () => {
  it('opens a referral to pick up in the team queue when a journey opens, and marks it done when a coordinator is assigned', () => {
    const j = new TaskJourney();
    expect(j.tasks).toEqual([expect.objectContaining({ kind: 'pick_up_referral', role: 'coordinator', assignee: null })]);
    const events = j.run({ type: 'assign_coordinator', coordinator: 'coord-1' });
    expect(taskEvents(events)).toEqual([
      { type: 'task_completed', data: { key: expect.stringMatching(/^stage:referral:/), outcome: 'Coordinator assigned: coord-1' } },
    ]);
    expect(j.tasks).toEqual([]);
  });

  it("opens a task for each staff-directed due point, once, and none for the person's own reminders", () => {
    const j = new TaskJourney().to('assessment');
    // Assessment waits on the assessor: a reminder at half the 28-day target, a manager's alert at the target.
    j.wait(14.1);
    expect(taskEvents(j.fireDue())).toEqual([
      { type: 'task_opened', data: expect.objectContaining({ kind: 'coordinator_reminder', role: 'coordinator', assignee: 'coord-1' }) },
    ]);
    j.wait(14);
    expect(taskEvents(j.fireDue())).toEqual([
      { type: 'task_opened', data: expect.objectContaining({ kind: 'manager_alert', role: 'manager', assignee: null }) },
    ]);
    expect(j.tasks.map((t) => t.kind).sort()).toEqual(['coordinator_reminder', 'manager_alert']);
    // The same due point again: refused by the schedule, so no second task.
    const key = j.tasks.find((t) => t.kind === 'manager_alert')!.reason;
    expect(refusal(() => j.run({ type: 'record_reminder', key }, system))).toBe('reminder_already_sent');
    const awaiting = new TaskJourney().to('awareness').wait(7.1);
    expect(taskEvents(awaiting.fireDue())).toEqual([]);
  });

  it('cancels the tasks of a wait when the stage moves on, and keeps what the person asked for', () => {
    const j = new TaskJourney().to('assessment').wait(29);
    j.fireDue();
    expect(j.tasks).toHaveLength(2);
    const events = j.run({ type: 'record_assessment', outcome: 'eligible', needs: ['personal care'] });
    expect(taskEvents(events).map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([
      ['task_cancelled', 'wait_ended'],
      ['task_cancelled', 'wait_ended'],
    ]);
    expect(j.tasks).toEqual([]);
  });

  it('gives the approver a plan to sign off, done when it is approved, returned or refused', () => {
    const j = new TaskJourney().to('sign_off');
    expect(j.tasks).toEqual([expect.objectContaining({ kind: 'sign_off', role: 'approver', assignee: null })]);
    const returned = j.run({ type: 'return_plan', reasons: ['Cost the respite'] }, approver);
    expect(taskEvents(returned)).toEqual([{ type: 'task_completed', data: expect.objectContaining({ outcome: 'Done: plan returned' }) }]);
    j.run({ type: 'submit_plan', outcomes: ['Stay at home'], lines: j.plan, risks: [] });
    const again = j.tasks;
    expect(again).toEqual([expect.objectContaining({ kind: 'sign_off' })]);
    j.run({ type: 'approve_plan' }, approver);
    expect(j.tasks).toEqual([]);
  });

  it('gives the coordinator a review to prepare, done when the review is completed', () => {
    const j = new TaskJourney().to('review');
    expect(j.tasks).toEqual([expect.objectContaining({ kind: 'prepare_review', role: 'coordinator', assignee: 'coord-1' })]);
    j.run({ type: 'record_advice_offer', outcome: 'later' });
    j.run({ type: 'complete_review', outcome: 'keep' });
    expect(j.tasks).toEqual([]);
  });

  it('cancels every open task when the journey closes', () => {
    const j = new TaskJourney().to('assessment').wait(29);
    j.fireDue();
    const events = j.run({ type: 'close', reason: 'moved' });
    expect(taskEvents(events).map((e) => [e.type, (e.data as { reason: string }).reason])).toEqual([
      ['task_cancelled', 'journey_closed'],
      ['task_cancelled', 'journey_closed'],
    ]);
  });

  it('opens a task for the coordinator when the person asks for something on their own page', () => {
    const j = new TaskJourney().to('awareness');
    const asked = j.run({ type: 'request_advice' }, person);
    expect(asked.filter((e) => e.type === 'task_opened')).toEqual([
      {
        type: 'task_opened',
        data: expect.objectContaining({
          kind: 'coordinator_reminder',
          assignee: 'coord-1',
          reason: 'person:The person asked for independent advice',
        }),
      },
    ]);
    // The same asked of the coordinator is their own doing: no task.
    expect(j.run({ type: 'request_advice' }).filter((e) => e.type === 'task_opened')).toEqual([]);
  });

  describe('work on a task', () => {
    const withQueuedTask = () => {
      const j = new TaskJourney().to('sign_off');
      return { j, key: j.tasks[0]!.key };
    };

    it('is taken by one of its role, handed on by whoever has it or a manager, and given back', () => {
      const { j, key } = withQueuedTask();
      expect(refusal(() => j.run({ type: 'claim_task', key }, coordinator))).toBe('not_your_task');
      j.run({ type: 'claim_task', key }, approver);
      expect(j.tasks[0]!.assignee).toBe('lead-1');
      expect(refusal(() => j.run({ type: 'claim_task', key }, { sub: 'lead-2', role: 'approver' }))).toBe('task_taken');
      j.run({ type: 'assign_task', key, to: 'lead-2' }, approver);
      expect(j.tasks[0]!.assignee).toBe('lead-2');
      expect(refusal(() => j.run({ type: 'release_task', key }, approver))).toBe('not_your_task');
      j.run({ type: 'release_task', key }, manager);
      expect(j.tasks[0]!.assignee).toBeNull();
    });

    it('is completed with an outcome once: a closed task takes nothing more', () => {
      const { j, key } = withQueuedTask();
      j.run({ type: 'complete_task', key, outcome: 'Sent back for costing' }, approver);
      expect(j.tasks).toEqual([]);
      expect(refusal(() => j.run({ type: 'complete_task', key, outcome: 'Again' }, approver))).toBe('task_not_open');
      expect(refusal(() => j.run({ type: 'claim_task', key }, approver))).toBe('task_not_open');
    });

    it('is not overdue while snoozed, and overdue again once the snooze ends', () => {
      const { j, key } = withQueuedTask();
      const task = j.tasks[0]!;
      const later = new Date(Date.parse(task.dueAt) + 2 * DAY).toISOString();
      expect(isOverdue(task, later)).toBe(true);
      j.run(
        { type: 'snooze_task', key, until: new Date(Date.parse(task.dueAt) + 3 * DAY).toISOString(), reason: 'Waiting for the panel date' },
        approver,
      );
      expect(isOverdue(j.tasks[0]!, later)).toBe(false);
      expect(isOverdue(j.tasks[0]!, new Date(Date.parse(task.dueAt) + 4 * DAY).toISOString())).toBe(true);
    });

    it('opens a task the workflow asks for (a letter that failed) once per key', () => {
      const j = new TaskJourney().to('awareness');
      const open = {
        type: 'open_task',
        key: 'due:x/call',
        kind: 'call_or_visit',
        role: 'coordinator',
        reason: 'contact:x',
        dueAt: '2025-03-05T09:00:00.000Z',
      } as const;
      expect(taskEvents(j.run(open, system))).toEqual([
        { type: 'task_opened', data: expect.objectContaining({ key: 'due:x/call', assignee: 'coord-1' }) },
      ]);
      expect(refusal(() => j.run(open, system))).toBe('task_already_open');
    });
  });
});
