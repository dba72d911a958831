import { dateOf, ms } from '../dates';
import { slowestOption } from '../money';
import { stageTargetDays } from '../schedule';
import type { Stage } from '../vocabulary';
import { type Ctx, pick } from './context';
import { dayCount, duration, longDate } from './words';

/** The steps from referral until support starts; after each one the rest is forecast. */
const toSupport: readonly Stage[] = ['referral', 'awareness', 'assessment', 'indicative_budget', 'planning', 'sign_off', 'setup'];

function typical(c: Ctx, stage: Stage): { p50: number; p90: number } | undefined {
  const days = c.typicalDays[stage];
  if (!days || !Number.isFinite(days.p50) || !Number.isFinite(days.p90) || days.p50 < 0) return undefined;
  return { p50: days.p50, p90: Math.max(days.p50, days.p90) };
}

/**
 * Policy days the current step has run. As for the breach on the manager's view, time on hold does not
 * count while the person holds the ball (their clock stops), and always counts against the organisation.
 */
export function stepDays(c: Ctx): number | null {
  const { state } = c;
  if (!state.stageEnteredAt || !Number.isFinite(c.nowMs)) return null;
  let heldMs = 0;
  if (state.waitingOn === 'person') {
    heldMs = state.clock.stageHeldMs;
    if (state.onHold && state.onHoldSince && state.clock.since)
      heldMs += Math.max(0, c.nowMs - Math.max(ms(state.onHoldSince), ms(state.clock.since)));
  }
  return Math.max(0, (c.nowMs - ms(state.stageEnteredAt) - heldMs) / c.dayMs);
}

/** A manager has been alerted about this wait, or the step is listed as a breach: both are recorded facts. */
function managerTold(c: Ctx): boolean {
  return c.state.clock.fired.some((key) => key.includes(':manager_alert:') || key.endsWith(':breach'));
}

/** A later step's usual length: from past journeys when known, else the policy target. */
function laterDays(c: Ctx, stage: Stage): number | undefined {
  const known = typical(c, stage);
  if (known) return known.p50;
  const { policy, budget } = c.state;
  if (!policy) return undefined;
  if (stage === 'setup' && budget.final) return policy.setupTargetDays[slowestOption(budget.final.lines)];
  return policy.targets[stage];
}

function activeTiming(c: Ctx): string[] {
  const due = c.state.nextReviewDue;
  if (!due) return [];
  const overdue = Number.isFinite(c.nowMs) && dateOf(new Date(c.nowMs).toISOString()) > due;
  if (!overdue) return pick(c, [`Your next review is due by ${longDate(due)}.`], [`Your next review is due by ${longDate(due)}.`]);
  return pick(
    c,
    [`Your review was due by ${longDate(due)}, so it is late.`, 'We are sorry.', 'Your care coordinator will contact you to arrange it.'],
    ['Your review is late.', 'We are sorry.', 'Your care coordinator will contact you.'],
  );
}

/** Lesson 7: how long this usually takes, honestly; late is said plainly, with an apology when it is ours. */
export function howLong(c: Ctx): string[] {
  const { state } = c;
  if (state.status === 'closed') return pick(c, ['Nothing more will happen on this journey.'], ['Nothing more will happen.']);
  if (state.status !== 'open') return [];
  if (state.stage === 'active') return activeTiming(c);

  const usual = typical(c, state.stage);
  const target = stageTargetDays(state);
  const out: string[] = [];
  if (usual) {
    const p50 = duration(usual.p50);
    const p90 = duration(usual.p90);
    out.push(
      ...pick(
        c,
        [`This step usually takes about ${p50}.`, p90 !== p50 && `For some people it takes up to ${p90}.`],
        [`This step usually takes about ${p50}.`, p90 !== p50 && `Some people wait up to ${p90}.`],
      ),
    );
  } else if (target !== undefined) {
    out.push(...pick(c, [`We expect this step to take up to ${duration(target)}.`], [`This step should take up to ${duration(target)}.`]));
  } else {
    out.push(...pick(c, ['There is no set time for this step.'], ['This step has no set time.']));
  }

  const elapsed = stepDays(c);
  const days = elapsed === null ? null : Math.floor(elapsed);
  if (days !== null && days >= 1) out.push(`It has been ${dayCount(days)} so far.`);

  const limit = target ?? usual?.p90;
  const late = days !== null && limit !== undefined && days > limit;
  const personHolds = state.waitingOn === 'person';
  if (late && personHolds)
    out.push(
      ...pick(
        c,
        [
          'This is taking longer than expected, and that is fine if you need more time.',
          'If you need help, please tell your care coordinator.',
        ],
        ['This is taking a while.', 'That is OK.', 'Ask your care coordinator if you need help.'],
      ),
    );
  else if (late && state.waitingOn !== null)
    out.push(
      ...pick(
        c,
        [
          target !== undefined
            ? `This is taking longer than our target of ${dayCount(target)}.`
            : 'This is taking longer than it usually does.',
          'We are sorry for the delay.',
          managerTold(c) && 'A manager knows about the delay and can help move it on.',
        ],
        ['This is taking too long.', 'We are sorry.', managerTold(c) && 'A manager knows about it.'],
      ),
    );

  if (state.onHold) {
    out.push(
      ...(personHolds
        ? pick(c, ['Your time for this step stops while your journey is paused.'], ['Your time stops while it is paused.'])
        : pick(c, ['We will tell you how long is left when it restarts.'], ['We will tell you more when it restarts.'])),
    );
    return out;
  }

  const index = toSupport.indexOf(state.stage);
  const later = index >= 0 ? toSupport.slice(index + 1).map((stage) => laterDays(c, stage)) : [];
  if (later.length > 0 && later.every((d): d is number => d !== undefined)) {
    const rest = duration(later.reduce((sum, d) => sum + d, 0));
    out.push(
      ...pick(
        c,
        [`After this step, we expect about ${rest} more until your support starts.`],
        [`After this, your support should start in about ${rest}.`],
      ),
    );
  }
  return out;
}
