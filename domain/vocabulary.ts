import { z } from 'zod';

/** The stages of a journey, in the order the domain specification numbers them. */
export const stages = [
  'referral',
  'awareness',
  'assessment',
  'indicative_budget',
  'planning',
  'sign_off',
  'setup',
  'active',
  'review',
  'closed',
] as const;
export const Stage = z.enum(stages);
export type Stage = z.infer<typeof Stage>;

/** Who holds the ball: waiting time is attributed to this party. */
export const parties = ['person', 'coordinator', 'assessor', 'finance', 'approver', 'panel', 'provider', 'advocate'] as const;
export const Party = z.enum(parties);
export type Party = z.infer<typeof Party>;

export const Pathway = z.enum(['chc', 'chc_fast_track', 'phb', 'social_care', 'integrated']);
export type Pathway = z.infer<typeof Pathway>;

export const Channel = z.enum(['face_to_face', 'phone', 'video', 'letter', 'email', 'sms']);
export type Channel = z.infer<typeof Channel>;

export const FundingStream = z.enum(['nhs', 'social_care', 'education']);
export type FundingStream = z.infer<typeof FundingStream>;

export const ManagementOption = z.enum(['notional', 'third_party', 'direct_payment']);
export type ManagementOption = z.infer<typeof ManagementOption>;

export const InformationTopic = z.enum(['personal_budgets', 'management_options', 'independent_advice', 'peer_support', 'money_support']);
export type InformationTopic = z.infer<typeof InformationTopic>;

/** Who did something: the authenticated subject and the role they acted in. */
export const Actor = z.object({ sub: z.string().min(1).max(200), role: z.string().min(1).max(50) });
export type Actor = z.infer<typeof Actor>;

/** A calendar date, `YYYY-MM-DD`, that must exist in the calendar. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'must be a real calendar date',
  });

/** Money is integer pence, never floating pounds. */
export const Pence = z.number().int('must be a whole number of pence').nonnegative('must not be negative').max(1e12);

/** Who signs a plan off, chosen by the final budget against the indicative one (policy thresholds). */
export const SignOffRoute = z.enum(['team_lead', 'manager', 'panel']);
export type SignOffRoute = z.infer<typeof SignOffRoute>;

/** Why a review starts: its date came, or a change in needs, a request, a safeguarding or spending concern. */
export const ReviewTrigger = z.enum(['scheduled', 'requested', 'needs_changed', 'safeguarding', 'spending_concern']);
export type ReviewTrigger = z.infer<typeof ReviewTrigger>;

/** The kinds of timer point a journey's schedule produces, and who each one is for. */
export const DuePointKind = z.enum([
  'person_reminder',
  'person_letter',
  'coordinator_task',
  'coordinator_reminder',
  'manager_alert',
  'approver_reminder',
  'breach',
  'review_invitation',
  'review_due',
]);
export type DuePointKind = z.infer<typeof DuePointKind>;
export const Recipient = z.enum(['person', 'coordinator', 'manager', 'approver']);
export type Recipient = z.infer<typeof Recipient>;
