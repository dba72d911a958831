import { defaultPolicies } from '../../../domain/policy';
import type { JourneyEvent, PlanLineData } from '../../../domain/events';
import { given, journey, notionalNhs, person, submitPlan } from './decider-spec';

const dp: PlanLineData = {
  description: 'Personal assistant',
  fundingStream: 'social_care',
  managementOption: 'direct_payment',
  annualCostPence: 300_000,
};
const told = (pathway: 'phb' | 'integrated' = 'phb') => {
  const j = journey(pathway, [notionalNhs], 1_000_000).to('planning');
  return j;
};
const advised = (pathway: 'phb' | 'integrated' = 'phb') => {
  const j = told(pathway);
  j.run({ type: 'record_advice_offer', outcome: 'declined' });
  return j;
};

describe('record_advice_offer', () => {
  it('records the offer and its outcome at any open stage', () => {
    given(journey().to('awareness'))
      .when({ type: 'record_advice_offer', outcome: 'accepted', provider: 'Local advice charity' })
      .then([{ type: 'advice_offered', data: { outcome: 'accepted', provider: 'Local advice charity' } }]);
  });

  it('counts any outcome as offered (lesson 4)', () => {
    const j = told();
    j.run({ type: 'record_advice_offer', outcome: 'later' });
    expect(j.state.lessons.independentAdviceOffered).toBe(true);
  });
});

describe('submit_plan', () => {
  it('costs the plan, routes a plan within the team lead limit to an approver', () => {
    const lines = [{ ...notionalNhs, annualCostPence: 1_100_000 }];
    given(advised())
      .when(submitPlan(lines), person)
      .then([
        {
          type: 'plan_submitted',
          data: {
            outcomes: ['Stay at home'],
            lines,
            risks: [],
            totalPence: 1_100_000,
            variancePence: 100_000,
            perStream: { nhs: 1_100_000, social_care: 0, education: 0 },
          },
        },
        { type: 'sign_off_routed', data: { route: 'team_lead', totalPence: 1_100_000, indicativePence: 1_000_000 } },
        { type: 'stage_changed', data: { from: 'planning', to: 'sign_off', waitingOn: 'approver' } },
      ]);
  });

  it('routes above the team lead limit up to the manager limit to a manager (an approver holds the ball)', () => {
    const events = advised().run(submitPlan([{ ...notionalNhs, annualCostPence: 1_100_001 }]));
    expect(events).toContainEqual({
      type: 'sign_off_routed',
      data: { route: 'manager', totalPence: 1_100_001, indicativePence: 1_000_000 },
    });
    expect(events.at(-1)).toEqual({ type: 'stage_changed', data: { from: 'planning', to: 'sign_off', waitingOn: 'approver' } });
  });

  it('routes exactly at the manager limit to a manager', () => {
    const events = advised().run(submitPlan([{ ...notionalNhs, annualCostPence: 1_250_000 }]));
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'sign_off_routed', data: expect.objectContaining({ route: 'manager' }) }),
    );
  });

  it('routes above the manager limit to a panel, which holds the ball', () => {
    const events = advised().run(submitPlan([{ ...notionalNhs, annualCostPence: 1_250_001 }]));
    expect(events).toContainEqual(expect.objectContaining({ type: 'sign_off_routed', data: expect.objectContaining({ route: 'panel' }) }));
    expect(events.at(-1)).toEqual({ type: 'stage_changed', data: { from: 'planning', to: 'sign_off', waitingOn: 'panel' } });
  });

  it("routes by the journey's captured policy, not today's defaults", () => {
    const j = advised();
    j.state = { ...j.state, policy: { ...defaultPolicies.phb, signOff: { teamLeadUpTo: 1, managerUpTo: 1 } } };
    const events = j.run(submitPlan([{ ...notionalNhs, annualCostPence: 1_000_001 }]));
    expect(events).toContainEqual(expect.objectContaining({ type: 'sign_off_routed', data: expect.objectContaining({ route: 'panel' }) }));
  });

  it('keeps the final budget with totals per funding stream and the variance', () => {
    const j = advised('integrated');
    j.run(submitPlan([{ ...notionalNhs, annualCostPence: 600_000 }, dp]));
    expect(j.state.budget.final).toEqual({
      lines: [{ ...notionalNhs, annualCostPence: 600_000 }, dp],
      totalPence: 900_000,
      variancePence: -100_000,
      perStream: { nhs: 600_000, social_care: 300_000, education: 0 },
    });
    expect(j.state.budget.signOffRoute).toBe('team_lead');
  });

  it('lesson 6: choosing a direct payment offers money and employment support automatically', () => {
    const j = advised('integrated');
    const events = j.run(submitPlan([dp]));
    expect(events.map((e) => e.type)).toEqual(['plan_submitted', 'money_support_offered', 'sign_off_routed', 'stage_changed']);
    expect(events[1]).toEqual({ type: 'money_support_offered', data: { trigger: 'direct_payment_chosen' } });
    expect(j.state.lessons.moneySupportOffered).toBe(true);
  });

  it('does not offer it again when a returned plan kept its direct payment', () => {
    const j = advised('integrated');
    j.run(submitPlan([dp]));
    j.run({ type: 'return_plan', reasons: ['Add a contingency'] }, { sub: 'lead-1', role: 'approver' });
    expect(j.run(submitPlan([dp])).map((e) => e.type)).not.toContain('money_support_offered');
  });

  it('no direct payment, no automatic offer', () => {
    expect(
      advised()
        .run(submitPlan([notionalNhs]))
        .map((e) => e.type),
    ).not.toContain('money_support_offered');
  });

  it('keeps the contingency when given', () => {
    const [submitted] = advised().run({ ...submitPlan([notionalNhs]), contingency: 'Agency cover' });
    expect(submitted).toMatchObject({ data: { contingency: 'Agency cover' } });
  });

  it('lesson 4: refuses a plan before independent advice was offered', () => {
    given(told())
      .when(submitPlan([notionalNhs]))
      .thenRejects('advice_not_offered');
  });

  it('lesson 3: refuses a plan while the amount is calculated but not told', () => {
    const j = journey().to('indicative_budget');
    j.run({ type: 'set_indicative_budget', amountPence: 1_000_000, method: 'estimate', trace: [] });
    j.run({ type: 'record_advice_offer', outcome: 'accepted' });
    given(j)
      .when(submitPlan([notionalNhs]))
      .thenRejects('budget_not_told');
  });

  it('lesson 3: refuses a plan in planning if the amount was never told', () => {
    const events: JourneyEvent[] = [
      { type: 'journey_opened', data: { journeyId: 'j', pathway: 'phb', team: 't', referralSource: 'gp', policy: defaultPolicies.phb } },
      { type: 'stage_changed', data: { from: 'referral', to: 'planning', waitingOn: 'person' } },
      { type: 'advice_offered', data: { outcome: 'accepted' } },
    ];
    given(events)
      .when(submitPlan([notionalNhs]))
      .thenRejects('budget_not_told');
  });

  it('refuses a plan at another stage', () => {
    given(journey().to('sign_off'))
      .when(submitPlan([notionalNhs]))
      .thenRejects('wrong_stage');
  });
});
