import type { Pathway, Stage } from './vocabulary';

/**
 * The rules of timing a journey captures when it opens, so that a later policy change never rewrites a
 * running journey. Durations are in policy days; `POLICY_DAY_MS` says how long a policy day lasts.
 */
export interface Policy {
  version: number;
  /** Target days per stage; stages without a target (active, closed) are absent. */
  targets: Partial<Record<Stage, number>>;
  /** Sign-off target when a panel decides. */
  panelTargetDays: number;
  /** Setup target by management option. */
  setupTargetDays: { notional: number; third_party: number; direct_payment: number };
  /** When the person holds the ball: nudges on these days, then a letter and a coordinator task. */
  personReminderDays: number[];
  personEscalationDay: number;
  /** When the organisation holds the ball: reminder and manager alert as fractions of the target. */
  organisationReminderAt: number;
  organisationEscalationAt: number;
  /** Approvers: reminder and manager alert in days. */
  approverReminderDays: number;
  approverEscalationDays: number;
  /** A stage at this multiple of its target is a breach. */
  breachMultiple: number;
  /** Sign-off routes by the final budget as a multiple of the indicative one. */
  signOff: { teamLeadUpTo: number; managerUpTo: number };
  /** Reviews: first review after support starts, then the cadence (days); the earliest due date wins. */
  reviews: { firstAfterDays: number; directPaymentFirstAfterDays: number; everyDays: number; inviteBeforeDays: number };
}

const base: Policy = {
  version: 1,
  targets: {
    referral: 5,
    awareness: 14,
    assessment: 28,
    indicative_budget: 5,
    planning: 28,
    sign_off: 10,
    setup: 14,
    review: 28,
  },
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
  reviews: { firstAfterDays: 91, directPaymentFirstAfterDays: 182, everyDays: 365, inviteBeforeDays: 28 },
};

/** The national defaults of the domain specification, per pathway. Areas override these in configuration. */
export const defaultPolicies: Record<Pathway, Policy> = {
  chc: base,
  // End of life: care in place within 48 hours; assessment in 2 days.
  chc_fast_track: { ...base, targets: { ...base.targets, assessment: 2, indicative_budget: 1, planning: 2, sign_off: 1, setup: 2 } },
  phb: base,
  // LA care plans: first review 6-8 weeks after support starts.
  social_care: { ...base, reviews: { ...base.reviews, firstAfterDays: 56 } },
  integrated: { ...base, reviews: { ...base.reviews, firstAfterDays: 56 } },
};

export function policyFor(pathway: Pathway): Policy {
  return defaultPolicies[pathway];
}
