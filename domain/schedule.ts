import { instant, ms } from './dates';
import { slowestOption } from './money';
import type { Policy } from './policy';
import type { JourneyState } from './state';
import type { DuePointKind, Recipient } from './vocabulary';

/** A moment the workflow must act at: remind, alert, list a breach, invite to or start a review. */
export interface DuePoint {
  /** Stable and unique per due point; recorded by `reminder_sent` so that none is acted on twice. */
  key: string;
  kind: DuePointKind;
  dueAt: string;
  to: Recipient;
}

/** A due point before it is placed in time: policy days after one of the journey's clocks. */
export interface PendingPoint {
  key: string;
  kind: DuePointKind;
  to: Recipient;
  clock: 'wait' | 'stage' | 'review';
  afterDays: number;
  /** Person-held clocks stop while the journey is on hold. */
  pausable: boolean;
}

/** The current stage's target in policy days, or undefined when it has none. */
export function stageTargetDays(state: JourneyState): number | undefined {
  const policy = state.policy;
  if (!policy) return undefined;
  if (state.stage === 'sign_off' && state.budget.signOffRoute === 'panel') return policy.panelTargetDays;
  if (state.stage === 'setup' && state.budget.final) return policy.setupTargetDays[slowestOption(state.budget.final.lines)];
  return policy.targets[state.stage];
}

type Point = Omit<PendingPoint, 'key'> & { key?: string };

function waitPoints(state: JourneyState, policy: Policy, target: number | undefined): Point[] {
  const wait = (kind: DuePointKind, to: Recipient, afterDays: number, pausable = false): Point => ({
    kind,
    to,
    clock: 'wait',
    afterDays,
    pausable,
  });
  switch (state.waitingOn) {
    case null:
      return [];
    case 'person':
      return [
        ...policy.personReminderDays.map((day) => wait('person_reminder', 'person', day, true)),
        wait('person_letter', 'person', policy.personEscalationDay, true),
        wait('coordinator_task', 'coordinator', policy.personEscalationDay, true),
      ];
    case 'approver':
    case 'panel':
      return [
        wait('approver_reminder', 'approver', policy.approverReminderDays),
        wait('manager_alert', 'manager', policy.approverEscalationDays),
      ];
    case 'coordinator':
    case 'assessor':
    case 'finance':
    case 'provider':
    case 'advocate':
      if (target === undefined) return [];
      return [
        wait('coordinator_reminder', 'coordinator', target * policy.organisationReminderAt),
        wait('manager_alert', 'manager', target * policy.organisationEscalationAt),
      ];
  }
}

function reviewPoints(state: JourneyState, policy: Policy): Point[] {
  if (state.stage !== 'active' || !state.reviewClock) return [];
  const { afterDays } = state.reviewClock;
  const key = (kind: string) => `active:${state.clock.stageVersion}:${kind}`;
  return [
    {
      key: key('review_invitation'),
      kind: 'review_invitation',
      to: 'person',
      clock: 'review',
      afterDays: Math.max(0, afterDays - policy.reviews.inviteBeforeDays),
      pausable: false,
    },
    { key: key('review_due'), kind: 'review_due', to: 'coordinator', clock: 'review', afterDays: Math.max(0, afterDays), pausable: false },
  ];
}

/**
 * The due points of the current wait that have not fired, without times. Person-held points are left out
 * while the journey is on hold: their clocks have stopped, so they are not due at any time yet.
 */
export function pendingPoints(state: JourneyState): PendingPoint[] {
  const policy = state.policy;
  if (state.status !== 'open' || !policy) return [];
  const target = stageTargetDays(state);
  const { stage, clock } = state;
  const points: Point[] = [
    ...waitPoints(state, policy, target),
    ...(target === undefined
      ? []
      : [
          {
            key: `${stage}:${clock.stageVersion}:breach`,
            kind: 'breach',
            to: 'manager',
            clock: 'stage',
            afterDays: target * policy.breachMultiple,
            pausable: state.waitingOn === 'person',
          } satisfies Point,
        ]),
    ...reviewPoints(state, policy),
  ];
  const seen = new Set<string>(clock.fired);
  const pending: PendingPoint[] = [];
  for (const point of points) {
    const key = point.key ?? `${stage}:${clock.version}:${point.kind}:${point.afterDays}`;
    if (seen.has(key) || (point.pausable && state.onHold)) continue;
    seen.add(key);
    pending.push({ ...point, key });
  }
  return pending;
}

/** Plain code-unit order, not the locale's: the same on every machine and every replay. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function clockStart(state: JourneyState, point: PendingPoint): { at: string | null; heldMs: number } {
  switch (point.clock) {
    case 'wait':
      return { at: state.clock.since, heldMs: point.pausable ? state.clock.heldMs : 0 };
    case 'stage':
      return { at: state.stageEnteredAt, heldMs: point.pausable ? state.clock.stageHeldMs : 0 };
    case 'review':
      return { at: state.reviewClock?.anchorAt ?? null, heldMs: 0 };
  }
}

/**
 * The timer points of the current wait that have not fired yet, earliest first. A person-held point moves
 * later by the time the journey spent on hold during the wait; the organisation's do not. Nothing for a
 * closed journey, and nothing already recorded by `reminder_sent`.
 *
 * @example
 * duePoints(state, 86_400_000) // [{ key: 'awareness:4:person_reminder:7', kind: 'person_reminder', dueAt: '...', to: 'person' }, ...]
 */
export function duePoints(state: JourneyState, policyDayMs: number): DuePoint[] {
  const placed: DuePoint[] = [];
  for (const point of pendingPoints(state)) {
    const start = clockStart(state, point);
    if (start.at === null) continue;
    const dueMs = ms(start.at) + point.afterDays * policyDayMs + start.heldMs;
    placed.push({ key: point.key, kind: point.kind, dueAt: instant(Math.round(dueMs)), to: point.to });
  }
  return placed.sort((a, b) => compare(a.dueAt, b.dueAt) || compare(a.key, b.key));
}

/** The earliest point not yet fired: what the workflow sleeps until. Null when nothing is due. */
export function nextDue(state: JourneyState, policyDayMs: number): DuePoint | null {
  return duePoints(state, policyDayMs)[0] ?? null;
}
