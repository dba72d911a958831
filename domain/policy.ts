import { z } from 'zod';
import { Stage } from './vocabulary';
import type { Pathway } from './vocabulary';

const days = z.number().nonnegative().max(3650);

/**
 * The rules of timing a journey captures when it opens, so that a later policy change never rewrites a
 * running journey. Durations are in policy days; `POLICY_DAY_MS` says how long a policy day lasts.
 * The schema validates an area's overrides from configuration.
 */
export const Policy = z.object({
  version: z.number().int().positive(),
  /** Target days per stage; a stage without a target (active, closed; planning on the fast track) is absent. */
  targets: z.partialRecord(Stage, days),
  /** Sign-off target when a panel decides. */
  panelTargetDays: days,
  /** Setup target by management option; a plan that mixes options takes the slowest. */
  setupTargetDays: z.object({ notional: days, third_party: days, direct_payment: days }),
  /** When the person holds the ball: nudges on these days, then a letter and a coordinator task. */
  personReminderDays: z.array(days).max(10),
  personEscalationDay: days,
  /** When the organisation holds the ball: reminder and manager alert as fractions of the target. */
  organisationReminderAt: z.number().positive().max(10),
  organisationEscalationAt: z.number().positive().max(10),
  /** Approvers and panels: reminder and manager alert in days. */
  approverReminderDays: days,
  approverEscalationDays: days,
  /** A stage at this multiple of its target is a breach. */
  breachMultiple: z.number().positive().max(10),
  /** Sign-off routes by the final budget as a multiple of the indicative one; above `managerUpTo`, a panel. */
  signOff: z.object({ teamLeadUpTo: z.number().positive(), managerUpTo: z.number().positive() }),
  /**
   * Reviews. The first review after support starts depends on the funding: `health` for NHS lines (PHB and
   * CHC), `carePlan` for LA lines, `directPayment` for LA lines paid as a direct payment. When several apply
   * the earliest wins; then every `everyDays`. People are invited `inviteBeforeDays` before each review.
   */
  reviews: z.object({
    firstAfterDays: z.object({ health: days, carePlan: days, directPayment: days }),
    everyDays: days,
    inviteBeforeDays: days,
  }),
});
export type Policy = z.infer<typeof Policy>;

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
  // 3 months, 8 weeks (the end of the 6-8 week window), 6 months; then 12 months.
  reviews: { firstAfterDays: { health: 91, carePlan: 56, directPayment: 182 }, everyDays: 365, inviteBeforeDays: 28 },
};

/**
 * End of life: care in place within 48 hours, so assessment takes 2 days and setup 2 whatever the option.
 * Planning has no target (the spec: the fast track skips planning targets), so it raises no organisation
 * reminder and no breach. Referral, awareness and review keep the national defaults: the spec is silent.
 */
const chcFastTrack: Policy = {
  ...base,
  targets: { referral: 5, awareness: 14, assessment: 2, indicative_budget: 1, sign_off: 1, setup: 2, review: 28 },
  panelTargetDays: 2,
  setupTargetDays: { notional: 2, third_party: 2, direct_payment: 2 },
};

/**
 * The national defaults of the domain specification, per pathway. Areas override these in configuration.
 * Review rules are chosen by the plan's funding streams, not the pathway, so one set serves every pathway.
 */
export const defaultPolicies: Record<Pathway, Policy> = {
  chc: base,
  chc_fast_track: chcFastTrack,
  phb: base,
  social_care: base,
  integrated: base,
};

export function policyFor(pathway: Pathway): Policy {
  return defaultPolicies[pathway];
}
