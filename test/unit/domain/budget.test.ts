import { given, journey } from './decider-spec';

const calculate = {
  type: 'set_indicative_budget',
  amountPence: 1_250_000,
  method: 'ready_reckoner',
  trace: [{ label: '10 hours x £24', amountPence: 1_250_000 }],
} as const;

describe('set_indicative_budget', () => {
  it('records the amount and hands the ball to the coordinator; the stage stays', () => {
    given(journey().to('indicative_budget'))
      .when({ ...calculate, trace: [...calculate.trace] })
      .then([
        {
          type: 'indicative_budget_set',
          data: { amountPence: 1_250_000, method: 'ready_reckoner', trace: [{ label: '10 hours x £24', amountPence: 1_250_000 }] },
        },
        { type: 'waiting_on_changed', data: { party: 'coordinator' } },
      ]);
  });

  it('a recalculation before it is told replaces the amount without moving the ball again', () => {
    const j = journey().to('indicative_budget');
    j.run({ ...calculate, trace: [] });
    expect(j.run({ ...calculate, amountPence: 900_000, trace: [] })).toEqual([
      { type: 'indicative_budget_set', data: { amountPence: 900_000, method: 'ready_reckoner', trace: [] } },
    ]);
    expect(j.state.budget.indicative).toMatchObject({ amountPence: 900_000, calculatedAt: expect.any(String) });
  });

  it('keeps the trace and when it was calculated in the budget state', () => {
    const j = journey().to('indicative_budget').wait(1);
    j.run({ ...calculate, trace: [...calculate.trace] });
    expect(j.state.budget.indicative).toEqual({
      amountPence: 1_250_000,
      method: 'ready_reckoner',
      trace: [{ label: '10 hours x £24', amountPence: 1_250_000 }],
      calculatedAt: '2025-03-04T09:00:00.000Z',
    });
    expect(j.state.lessons.amountTold).toBe(false);
  });

  it('refuses outside the indicative_budget stage', () => {
    given(journey().to('planning'))
      .when({ ...calculate, trace: [] })
      .thenRejects('wrong_stage');
  });
});

describe('record_budget_told', () => {
  it('lesson 3: telling the amount moves to planning, with the person holding the ball', () => {
    const j = journey().to('indicative_budget');
    j.run({ ...calculate, trace: [] });
    given(j)
      .when({ type: 'record_budget_told', channel: 'face_to_face' })
      .then([
        { type: 'budget_told', data: { channel: 'face_to_face', amountPence: 1_250_000 } },
        { type: 'stage_changed', data: { from: 'indicative_budget', to: 'planning', waitingOn: 'person' } },
      ]);
  });

  it('records when and how it was told', () => {
    const j = journey().to('indicative_budget');
    j.run({ ...calculate, trace: [] });
    j.wait(2).run({ type: 'record_budget_told', channel: 'letter' });
    expect(j.state.budget.indicative).toMatchObject({ toldAt: '2025-03-05T09:00:00.000Z', toldChannel: 'letter' });
    expect(j.state.lessons.amountTold).toBe(true);
  });

  it('refuses to tell an amount not yet calculated', () => {
    given(journey().to('indicative_budget')).when({ type: 'record_budget_told', channel: 'phone' }).thenRejects('budget_not_calculated');
  });

  it('refuses outside the indicative_budget stage', () => {
    given(journey().to('assessment')).when({ type: 'record_budget_told', channel: 'phone' }).thenRejects('wrong_stage');
  });
});
