import { defaultPolicies } from '../../../domain/policy';
import type { RecordedEvent } from '../../../domain/events';
import { evolve, fold } from '../../../domain/evolve';
import { initialState } from '../../../domain/state';
import { DAY, T0, journey, person, system } from './decider-spec';
import { duePoints } from '../../../domain/schedule';

describe('evolve', () => {
  it('changes nothing but the version for an event it does not know', () => {
    const j = journey();
    const unknown = {
      type: 'from_the_future',
      data: {},
      eventId: 'x',
      version: 9,
      occurredAt: T0,
      actor: person,
    } as unknown as RecordedEvent;
    expect(evolve(j.state, unknown)).toEqual({ ...j.state, version: 9 });
  });

  it('folds a stream to the same state as applying it event by event', () => {
    const j = journey('integrated').to('active');
    expect(fold(j.events, initialState)).toEqual(j.state);
  });

  it('records when the stage was entered and who holds the ball', () => {
    const j = journey().wait(2).to('awareness');
    expect(j.state).toMatchObject({ stage: 'awareness', waitingOn: 'person', stageEnteredAt: '2025-03-05T09:00:00.000Z' });
    expect(j.state.clock).toMatchObject({ since: '2025-03-05T09:00:00.000Z', heldMs: 0, fired: [] });
  });

  it('captures the policy at open, so a later change of defaults rewrites nothing', () => {
    const j = journey('chc');
    expect(j.state.policy).toEqual(defaultPolicies.chc);
    expect(j.state.policy).not.toBe(undefined);
  });

  it('a new calculation must be told again (lesson 3)', () => {
    const j = journey().to('indicative_budget');
    j.run({ type: 'set_indicative_budget', amountPence: 5, method: 'estimate', trace: [] });
    j.run({ type: 'record_budget_told', channel: 'phone' });
    expect(j.state.lessons.amountTold).toBe(true);
    j.state = evolve(j.state, {
      type: 'indicative_budget_set',
      data: { amountPence: 6, method: 'estimate', trace: [] },
      eventId: 'x',
      version: j.state.version + 1,
      occurredAt: T0,
      actor: person,
    });
    expect(j.state.lessons.amountTold).toBe(false);
    expect(j.state.budget.indicative?.toldAt).toBeUndefined();
  });

  it('tracks the review in progress and its own advice offer', () => {
    const j = journey().to('active');
    j.run({ type: 'start_review', trigger: 'needs_changed' }, system);
    expect(j.state.review).toEqual({ trigger: 'needs_changed', adviceOffered: false });
    j.run({ type: 'record_advice_offer', outcome: 'accepted' });
    expect(j.state.review).toEqual({ trigger: 'needs_changed', adviceOffered: true });
  });

  it('clears the hold when the journey closes', () => {
    const j = journey().to('awareness');
    j.run({ type: 'put_on_hold', reason: 'x' });
    j.run({ type: 'withdraw', reason: 'y' }, person);
    expect(j.state).toMatchObject({ onHold: false, onHoldSince: null, status: 'closed', closedReason: 'withdrawn' });
  });

  it('stays small after a year of reviews: only the current wait is kept', () => {
    const j = journey('integrated').to('active');
    for (let year = 0; year < 5; year += 1) {
      j.wait(90);
      for (const point of duePoints(j.state, DAY)) j.run({ type: 'record_reminder', key: point.key }, system);
      j.to('review').to('active');
    }
    expect(j.state.clock.fired).toEqual([]);
    expect(JSON.stringify(j.state).length).toBeLessThan(4000);
  });
});
