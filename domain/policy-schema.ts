import { z } from 'zod';
import { Stage } from './vocabulary';

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
