import { defaultPolicies, policyFor } from '../../../domain/policy';
import { Policy } from '../../../domain/policy-schema';
import { Pathway } from '../../../domain/vocabulary';

describe('policy defaults', () => {
  it.each(Pathway.options)('%s validates against the policy schema', (pathway) => {
    expect(Policy.parse(policyFor(pathway))).toEqual(defaultPolicies[pathway]);
  });

  it('follows the domain specification: targets, reminders, escalation, breach, sign-off, reviews', () => {
    expect(policyFor('phb')).toMatchObject({
      targets: { referral: 5, awareness: 14, assessment: 28, indicative_budget: 5, planning: 28, sign_off: 10, review: 28 },
      panelTargetDays: 20,
      setupTargetDays: { notional: 14, third_party: 28, direct_payment: 45 },
      personReminderDays: [7, 14],
      personEscalationDay: 21,
      organisationReminderAt: 0.5,
      organisationEscalationAt: 1,
      approverReminderDays: 5,
      approverEscalationDays: 10,
      breachMultiple: 2,
      signOff: { teamLeadUpTo: 1.1, managerUpTo: 1.25 },
      reviews: { firstAfterDays: { health: 91, carePlan: 56, directPayment: 182 }, everyDays: 365, inviteBeforeDays: 28 },
    });
  });

  it('the CHC fast track: assessment in 2 days, care in place in 2, and no planning target', () => {
    const fastTrack = policyFor('chc_fast_track');
    expect(fastTrack.targets.assessment).toBe(2);
    expect(fastTrack.setupTargetDays).toEqual({ notional: 2, third_party: 2, direct_payment: 2 });
    expect(fastTrack.targets).not.toHaveProperty('planning');
  });

  it('rejects a nonsensical override', () => {
    expect(Policy.safeParse({ ...policyFor('chc'), breachMultiple: -1 }).success).toBe(false);
  });
});
