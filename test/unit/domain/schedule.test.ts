import { duePoints, nextDue, stageTargetDays } from '../../../domain/schedule';
import type { PlanLineData } from '../../../domain/events';
import { DAY, T0, approver, journey, notionalNhs, person, system } from './decider-spec';

const at = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();
const summary = (j: ReturnType<typeof journey>, dayMs = DAY) =>
  duePoints(j.state, dayMs).map((p) => ({ kind: p.kind, to: p.to, dueAt: p.dueAt }));
const stageVersion = (j: ReturnType<typeof journey>) => j.state.clock.stageVersion;

describe('when the person holds the ball', () => {
  it('nudges at 7 and 14 days, then a letter and a coordinator task at 21; breach at 2 x target', () => {
    const j = journey().to('awareness');
    expect(summary(j)).toEqual([
      { kind: 'person_reminder', to: 'person', dueAt: at(7) },
      { kind: 'person_reminder', to: 'person', dueAt: at(14) },
      { kind: 'coordinator_task', to: 'coordinator', dueAt: at(21) },
      { kind: 'person_letter', to: 'person', dueAt: at(21) },
      { kind: 'breach', to: 'manager', dueAt: at(28) },
    ]);
  });

  it('keys are stable and unique per due point', () => {
    const j = journey().to('awareness');
    const v = stageVersion(j);
    expect(duePoints(j.state, DAY).map((p) => p.key)).toEqual([
      `awareness:${v}:person_reminder:7`,
      `awareness:${v}:person_reminder:14`,
      `awareness:${v}:coordinator_task:21`,
      `awareness:${v}:person_letter:21`,
      `awareness:${v}:breach`,
    ]);
    expect(duePoints(j.state, 1000).map((p) => p.key)).toEqual(duePoints(j.state, DAY).map((p) => p.key));
  });

  it('runs in policy days: a short policy day for tests and demos', () => {
    const j = journey().to('awareness');
    expect(nextDue(j.state, 1000)).toMatchObject({ kind: 'person_reminder', dueAt: new Date(Date.parse(T0) + 7000).toISOString() });
  });

  it('pauses on hold: 3 days held by the person, a 10-day hold, then 4 more days fires at day 17', () => {
    const j = journey().to('awareness').wait(3);
    j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
    expect(duePoints(j.state, DAY)).toEqual([]);
    j.wait(10).run({ type: 'resume' });
    expect(nextDue(j.state, DAY)).toMatchObject({ kind: 'person_reminder', dueAt: at(17) });
    expect(summary(j).find((p) => p.kind === 'breach')).toEqual({ kind: 'breach', to: 'manager', dueAt: at(38) });
  });

  it('adds up several holds in the same wait', () => {
    const j = journey().to('awareness').wait(1);
    j.run({ type: 'put_on_hold', reason: 'a' });
    j.wait(2).run({ type: 'resume' });
    j.wait(1).run({ type: 'put_on_hold', reason: 'b' });
    j.wait(3).run({ type: 'resume' });
    expect(nextDue(j.state, DAY)).toMatchObject({ dueAt: at(12) });
  });

  it('sends none twice: a recorded point is never returned again', () => {
    const j = journey().to('awareness').wait(7);
    const first = nextDue(j.state, DAY)!;
    j.run({ type: 'record_reminder', key: first.key }, system);
    expect(duePoints(j.state, DAY).map((p) => p.key)).not.toContain(first.key);
    expect(nextDue(j.state, DAY)).toMatchObject({ kind: 'person_reminder', dueAt: at(14) });
  });

  it('a deferral does not restart the clock', () => {
    const j = journey().to('awareness').wait(2);
    j.run({ type: 'record_decision', decision: 'defer' }, person);
    expect(nextDue(j.state, DAY)).toMatchObject({ dueAt: at(7) });
  });
});

describe('when the organisation holds the ball', () => {
  it('reminds the coordinator at 50% of the target and alerts a manager at 100%; breach at 2 x', () => {
    const j = journey().to('assessment');
    expect(summary(j)).toEqual([
      { kind: 'coordinator_reminder', to: 'coordinator', dueAt: at(14) },
      { kind: 'manager_alert', to: 'manager', dueAt: at(28) },
      { kind: 'breach', to: 'manager', dueAt: at(56) },
    ]);
  });

  it('stops every reminder the moment the stage moves on', () => {
    const j = journey().to('awareness').wait(8);
    const awarenessKeys = duePoints(j.state, DAY).map((p) => p.key);
    j.run({ type: 'record_reminder', key: awarenessKeys[0]! }, system);
    j.run({ type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'phone' });
    j.run({ type: 'record_decision', decision: 'proceed' }, person);
    const keys = duePoints(j.state, DAY).map((p) => p.key);
    expect(keys.some((key) => awarenessKeys.includes(key))).toBe(false);
    expect(j.state.clock.fired).toEqual([]);
    expect(nextDue(j.state, DAY)).toMatchObject({ kind: 'coordinator_reminder', dueAt: at(8 + 14) });
  });

  it("does not pause on hold: the organisation's delay is not the person's", () => {
    const j = journey().to('assessment');
    const before = duePoints(j.state, DAY);
    j.wait(5).run({ type: 'put_on_hold', reason: 'Hospital stay' });
    expect(duePoints(j.state, DAY)).toEqual(before);
    j.wait(10).run({ type: 'resume' });
    expect(duePoints(j.state, DAY)).toEqual(before);
  });

  it('restarts the party clock when the ball moves within the stage, but keeps the stage breach', () => {
    const j = journey().to('indicative_budget');
    expect(summary(j)).toEqual([
      { kind: 'coordinator_reminder', to: 'coordinator', dueAt: at(2.5) },
      { kind: 'manager_alert', to: 'manager', dueAt: at(5) },
      { kind: 'breach', to: 'manager', dueAt: at(10) },
    ]);
    j.wait(3).run({ type: 'record_reminder', key: nextDue(j.state, DAY)!.key }, system);
    j.run({ type: 'set_indicative_budget', amountPence: 1_000_000, method: 'ras', trace: [] });
    expect(summary(j)).toEqual([
      { kind: 'coordinator_reminder', to: 'coordinator', dueAt: at(5.5) },
      { kind: 'manager_alert', to: 'manager', dueAt: at(8) },
      { kind: 'breach', to: 'manager', dueAt: at(10) },
    ]);
    expect(j.state.clock.fired).toEqual([]);
  });

  it('a breach recorded in one wait is not raised again in the next wait of the same stage', () => {
    const j = journey().to('indicative_budget').wait(10);
    const breach = duePoints(j.state, DAY).find((p) => p.kind === 'breach')!;
    j.run({ type: 'record_reminder', key: breach.key }, system);
    j.run({ type: 'set_indicative_budget', amountPence: 1_000_000, method: 'ras', trace: [] });
    expect(duePoints(j.state, DAY).map((p) => p.kind)).toEqual(['coordinator_reminder', 'manager_alert']);
    expect(j.state.clock.fired).toEqual([breach.key]);
  });

  it('setup takes the slowest option of the plan as its target', () => {
    const dp: PlanLineData = { ...notionalNhs, managementOption: 'direct_payment' };
    const j = journey('phb', [notionalNhs, dp]).to('setup');
    expect(stageTargetDays(j.state)).toBe(45);
    expect(summary(j)).toEqual([
      { kind: 'coordinator_reminder', to: 'coordinator', dueAt: at(22.5) },
      { kind: 'manager_alert', to: 'manager', dueAt: at(45) },
      { kind: 'breach', to: 'manager', dueAt: at(90) },
    ]);
  });

  it('a provider setting up a third-party budget: the coordinator is reminded, never the person', () => {
    const j = journey('phb', [{ ...notionalNhs, managementOption: 'third_party' }]).to('setup');
    expect(j.state.waitingOn).toBe('provider');
    expect(summary(j).map((p) => p.to)).toEqual(['coordinator', 'manager', 'manager']);
    expect(summary(j)[0]).toEqual({ kind: 'coordinator_reminder', to: 'coordinator', dueAt: at(14) });
  });
});

describe('when an approver or a panel holds the ball', () => {
  it('reminds the approver at 5 days and alerts a manager at 10; breach at 2 x the sign-off target', () => {
    const j = journey('chc').to('sign_off');
    expect(summary(j)).toEqual([
      { kind: 'approver_reminder', to: 'approver', dueAt: at(5) },
      { kind: 'manager_alert', to: 'manager', dueAt: at(10) },
      { kind: 'breach', to: 'manager', dueAt: at(20) },
    ]);
  });

  it('a panel: the same reminders, and the breach at 2 x the panel target', () => {
    const j = journey('chc', [{ ...notionalNhs, annualCostPence: 2_000_000 }]).to('sign_off');
    expect(j.state.waitingOn).toBe('panel');
    expect(summary(j)).toEqual([
      { kind: 'approver_reminder', to: 'approver', dueAt: at(5) },
      { kind: 'manager_alert', to: 'manager', dueAt: at(10) },
      { kind: 'breach', to: 'manager', dueAt: at(40) },
    ]);
  });
});

describe('reviews', () => {
  it('PHB/CHC: invitation 28 days before the review due 3 months after support starts', () => {
    const j = journey('chc').to('active');
    expect(summary(j)).toEqual([
      { kind: 'review_invitation', to: 'person', dueAt: at(63) },
      { kind: 'review_due', to: 'coordinator', dueAt: at(91) },
    ]);
  });

  it('LA care plan: 8 weeks; the earliest rule wins in an integrated plan', () => {
    const careLine: PlanLineData = {
      description: 'Day service',
      fundingStream: 'social_care',
      managementOption: 'notional',
      annualCostPence: 1,
    };
    const j = journey('integrated', [notionalNhs, careLine]).to('active');
    expect(summary(j)).toEqual([
      { kind: 'review_invitation', to: 'person', dueAt: at(28) },
      { kind: 'review_due', to: 'coordinator', dueAt: at(56) },
    ]);
  });

  it('LA direct payment alone: within 6 months', () => {
    const dp: PlanLineData = { description: 'PA', fundingStream: 'social_care', managementOption: 'direct_payment', annualCostPence: 1 };
    const j = journey('social_care', [dp]).to('active');
    expect(nextDue(j.state, DAY)).toEqual({
      key: `active:${stageVersion(j)}:review_invitation`,
      kind: 'review_invitation',
      to: 'person',
      dueAt: at(154),
    });
  });

  it('then every 12 months after a completed review', () => {
    const j = journey('chc').to('active').wait(91);
    j.to('review').wait(5).to('active');
    expect(summary(j)).toEqual([
      { kind: 'review_invitation', to: 'person', dueAt: at(96 + 337) },
      { kind: 'review_due', to: 'coordinator', dueAt: at(96 + 365) },
    ]);
  });

  it('a review recorded late: the clock allows for the days since support started', () => {
    const j = journey('chc').to('setup').wait(10);
    j.run({ type: 'record_support_started', date: '2025-03-03' });
    expect(summary(j).at(-1)).toEqual({ kind: 'review_due', to: 'coordinator', dueAt: at(91) });
  });

  it('reviews are not paused by a hold', () => {
    const j = journey('chc').to('active');
    j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
    expect(summary(j).map((p) => p.kind)).toEqual(['review_invitation', 'review_due']);
  });

  it('the review stage itself waits on the coordinator, with a 28-day target', () => {
    const j = journey('chc').to('active').wait(91);
    j.run({ type: 'start_review', trigger: 'scheduled' }, system);
    expect(summary(j)).toEqual([
      { kind: 'coordinator_reminder', to: 'coordinator', dueAt: at(91 + 14) },
      { kind: 'manager_alert', to: 'manager', dueAt: at(91 + 28) },
      { kind: 'breach', to: 'manager', dueAt: at(91 + 56) },
    ]);
  });
});

describe('nothing due', () => {
  it('returns nothing for a closed journey', () => {
    const j = journey().to('awareness');
    j.run({ type: 'record_decision', decision: 'decline' }, person);
    expect(duePoints(j.state, DAY)).toEqual([]);
    expect(nextDue(j.state, DAY)).toBeNull();
  });

  it('returns nothing for a journey never opened', () => {
    expect(nextDue(journey().state && { ...journey().state, status: 'new' }, DAY)).toBeNull();
  });

  it('the fast track has no planning target: no organisation reminder, no breach', () => {
    const j = journey('chc_fast_track').to('planning');
    expect(summary(j).map((p) => p.kind)).toEqual(['person_reminder', 'person_reminder', 'coordinator_task', 'person_letter']);
  });

  it('the fast track assessment: 2 days, so a reminder at 1 day and a breach at 4', () => {
    const j = journey('chc_fast_track').to('assessment');
    expect(summary(j)).toEqual([
      { kind: 'coordinator_reminder', to: 'coordinator', dueAt: at(1) },
      { kind: 'manager_alert', to: 'manager', dueAt: at(2) },
      { kind: 'breach', to: 'manager', dueAt: at(4) },
    ]);
  });

  it('once every point of a wait is recorded, nothing is due', () => {
    const j = journey('chc').to('sign_off');
    for (const point of duePoints(j.state, DAY)) j.run({ type: 'record_reminder', key: point.key }, system);
    expect(nextDue(j.state, DAY)).toBeNull();
    j.run({ type: 'approve_plan' }, approver);
    expect(nextDue(j.state, DAY)).not.toBeNull();
  });
});
