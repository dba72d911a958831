import { approver, given, journey, manager, person, submitPlan, notionalNhs, system } from './decider-spec';

const held = (stage: Parameters<ReturnType<typeof journey>['to']>[0] = 'awareness') => {
  const j = journey().to(stage);
  j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
  return j;
};

describe('put_on_hold and resume', () => {
  it('puts a journey on hold', () => {
    const j = journey().to('awareness').wait(2);
    expect(j.run({ type: 'put_on_hold', reason: 'Hospital stay' })).toEqual([
      { type: 'journey_put_on_hold', data: { reason: 'Hospital stay' } },
    ]);
    expect(j.state).toMatchObject({ onHold: true, onHoldSince: '2025-03-05T09:00:00.000Z' });
  });

  it('refuses to hold a journey already on hold', () => {
    given(held()).when({ type: 'put_on_hold', reason: 'Again' }).thenRejects('already_on_hold');
  });

  it('resumes', () => {
    const j = held();
    expect(j.run({ type: 'resume' })).toEqual([{ type: 'journey_resumed', data: {} }]);
    expect(j.state).toMatchObject({ onHold: false, onHoldSince: null });
  });

  it('refuses to resume a journey that is not on hold', () => {
    given(journey().to('awareness')).when({ type: 'resume' }).thenRejects('not_on_hold');
  });

  it('refuses to hold a closed journey', () => {
    const j = journey().to('awareness');
    j.run({ type: 'withdraw', reason: 'Moving away' }, person);
    given(j).when({ type: 'put_on_hold', reason: 'x' }).thenRejects('journey_closed');
  });
});

describe('on hold, nothing moves the journey on', () => {
  it('refuses a command that would change the stage', () => {
    const j = held();
    j.run({ type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'phone' });
    const error = given(j).when({ type: 'record_decision', decision: 'proceed' }, person).thenRejects('on_hold');
    expect(error.message).toContain('Resume the journey first');
  });

  it('refuses a command that would hand the ball to someone else', () => {
    given(held('indicative_budget'))
      .when({ type: 'set_indicative_budget', amountPence: 1, method: 'estimate', trace: [] })
      .thenRejects('on_hold');
  });

  it('refuses sign-off decisions', () => {
    const j = journey('chc').to('sign_off');
    j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
    given(j).when({ type: 'approve_plan' }, approver).thenRejects('on_hold');
    given(j)
      .when({ type: 'refuse_plan', reasons: ['x'] }, manager)
      .thenRejects('on_hold');
  });

  it('still records facts that move nothing', () => {
    const j = held();
    expect(j.run({ type: 'record_information_given', topics: ['peer_support'], channel: 'letter' })).toHaveLength(1);
    expect(j.run({ type: 'record_advice_offer', outcome: 'later' })).toHaveLength(1);
    expect(j.run({ type: 'record_decision', decision: 'defer' }, person)).toHaveLength(1);
    expect(j.run({ type: 'assign_coordinator', coordinator: 'coord-2' })).toHaveLength(1);
  });

  it('lets a review fall due on hold: the organisation clock does not wait', () => {
    const j = journey().to('active');
    j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
    expect(j.run({ type: 'start_review', trigger: 'scheduled' }, system).map((e) => e.type)).toEqual(['review_started', 'stage_changed']);
  });

  it('lets the person withdraw and a coordinator close', () => {
    expect(
      held()
        .run({ type: 'withdraw', reason: 'Changed mind' }, person)
        .map((e) => e.type),
    ).toEqual(['stage_changed', 'journey_closed']);
    expect(
      held()
        .run({ type: 'close', reason: 'died' })
        .map((e) => e.type),
    ).toEqual(['stage_changed', 'journey_closed']);
  });

  it('after resuming, the journey moves on again', () => {
    const j = held('planning');
    j.run({ type: 'record_advice_offer', outcome: 'accepted' });
    j.run({ type: 'resume' });
    expect(j.run(submitPlan([notionalNhs])).at(-1)).toMatchObject({ type: 'stage_changed', data: { to: 'sign_off' } });
  });
});

describe('withdraw', () => {
  it('closes the journey at any stage, as withdrawn, with the reason', () => {
    given(journey().to('planning'))
      .when({ type: 'withdraw', reason: 'No longer wants a budget' }, person)
      .then([
        { type: 'stage_changed', data: { from: 'planning', to: 'closed', waitingOn: null } },
        { type: 'journey_closed', data: { reason: 'withdrawn', detail: 'No longer wants a budget' } },
      ]);
  });

  it('refuses a closed journey', () => {
    const j = journey().to('awareness');
    j.run({ type: 'close', reason: 'moved' });
    given(j).when({ type: 'withdraw', reason: 'x' }).thenRejects('journey_closed');
  });
});

describe('close', () => {
  it('closes with its reason', () => {
    const j = journey().to('active');
    expect(j.run({ type: 'close', reason: 'died' }, manager)).toEqual([
      { type: 'stage_changed', data: { from: 'active', to: 'closed', waitingOn: null } },
      { type: 'journey_closed', data: { reason: 'died' } },
    ]);
    expect(j.state).toMatchObject({ status: 'closed', stage: 'closed', waitingOn: null, closedReason: 'died' });
  });

  it('refuses a closed journey', () => {
    const j = journey().to('awareness');
    j.run({ type: 'close', reason: 'ended' });
    given(j).when({ type: 'close', reason: 'other' }).thenRejects('journey_closed');
  });

  it('refuses a journey never opened', () => {
    given([]).when({ type: 'close', reason: 'other' }).thenRejects('journey_not_open');
  });
});

describe('decide', () => {
  it('refuses an unknown command at run time', () => {
    given(journey())
      .when({ type: 'make_tea' } as never)
      .thenRejects('unknown_command');
  });
});
