import type { Policy } from './policy-schema';
import type { Pathway } from './vocabulary';

// The schema (zod) is apart, in policy-schema.ts: the workflow needs the policies, not their validation,
// and every module it imports is evaluated again for each cached journey.
export type { Policy };

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

/** A journey's own copy of its pathway's policy (the defaults are shared, and frozen in the workflow sandbox). */
export function policyFor(pathway: Pathway): Policy {
  // JSON, not structuredClone: the workflow sandbox has only what V8 itself provides.
  return JSON.parse(JSON.stringify(defaultPolicies[pathway])) as Policy;
}
