import type { PlanLineData } from '../../../domain/events';
import type { Pathway } from '../../../domain/vocabulary';
import { given, journey, notionalNhs } from './decider-spec';

const socialCare = (managementOption: PlanLineData['managementOption']): PlanLineData => ({
  description: 'Support',
  fundingStream: 'social_care',
  managementOption,
  annualCostPence: 500_000,
});
const education: PlanLineData = {
  description: 'Tutor',
  fundingStream: 'education',
  managementOption: 'notional',
  annualCostPence: 500_000,
};

function supportStarted(pathway: Pathway, lines: PlanLineData[]) {
  const [event] = journey(pathway, lines).to('setup').run({ type: 'record_support_started', date: '2025-03-03' });
  return event;
}

describe('record_support_started', () => {
  it('moves to active, waiting on nobody, with the first review due', () => {
    given(journey('chc').to('setup'))
      .when({ type: 'record_support_started', date: '2025-03-03' })
      .then([
        { type: 'support_started', data: { date: '2025-03-03', reviewRule: 'health', reviewAfterDays: 91, nextReviewDue: '2025-06-02' } },
        { type: 'stage_changed', data: { from: 'setup', to: 'active', waitingOn: null } },
      ]);
  });

  it('an LA care plan is reviewed after 8 weeks', () => {
    expect(supportStarted('social_care', [socialCare('third_party')])).toMatchObject({
      data: { reviewRule: 'care_plan', reviewAfterDays: 56, nextReviewDue: '2025-04-28' },
    });
  });

  it('an LA direct payment alone is reviewed within 6 months', () => {
    expect(supportStarted('social_care', [socialCare('direct_payment')])).toMatchObject({
      data: { reviewRule: 'direct_payment', reviewAfterDays: 182, nextReviewDue: '2025-09-01' },
    });
  });

  it('when several rules apply, the earliest wins', () => {
    expect(supportStarted('integrated', [notionalNhs, socialCare('direct_payment')])).toMatchObject({
      data: { reviewRule: 'health', reviewAfterDays: 91 },
    });
    expect(supportStarted('integrated', [notionalNhs, socialCare('notional'), socialCare('direct_payment')])).toMatchObject({
      data: { reviewRule: 'care_plan', reviewAfterDays: 56 },
    });
  });

  it('a plan with only education money falls back to its pathway rule', () => {
    expect(supportStarted('social_care', [education])).toMatchObject({ data: { reviewRule: 'care_plan' } });
    expect(supportStarted('phb', [education])).toMatchObject({ data: { reviewRule: 'health' } });
  });

  it('keeps the next review date in state', () => {
    const j = journey('chc').to('setup');
    j.run({ type: 'record_support_started', date: '2025-03-01' });
    expect(j.state.nextReviewDue).toBe('2025-05-31');
    // Recorded two days after support started: the policy-day clock allows for them.
    expect(j.state.reviewClock).toEqual({ anchorAt: '2025-03-03T09:00:00.000Z', afterDays: 89 });
  });

  it('refuses before the plan is approved', () => {
    given(journey().to('sign_off')).when({ type: 'record_support_started', date: '2025-03-03' }).thenRejects('wrong_stage');
  });
});
