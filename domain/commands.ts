import { z } from 'zod';
import { CalendarDate, Channel, FundingStream, InformationTopic, ManagementOption, Pathway, Pence, ReviewTrigger } from './vocabulary';

const text = (max = 2000) => z.string().trim().min(1, 'must not be empty').max(max);
const note = { note: z.string().max(5000).optional() };
const reasons = z.array(text()).min(1, 'give at least one reason').max(50);

/**
 * Opening a journey. The person's details never reach the domain or Temporal: they stay in the
 * `people` table, keyed by the opaque journey id (see README, "Personal data").
 */
export const OpenJourney = z.object({
  type: z.literal('open_journey'),
  journeyId: z.string().min(1).max(100),
  pathway: Pathway,
  // '*' stands for every team in the dashboard's counters, so no team may be called that.
  team: text(100).refine((t) => t !== '*', "must not be '*'"),
  referralSource: text(200),
  ...note,
});

export const AssignCoordinator = z.object({ type: z.literal('assign_coordinator'), coordinator: text(200), ...note });
export const RecordConsent = z.object({
  type: z.literal('record_consent'),
  given: z.boolean(),
  by: z.enum(['person', 'representative']),
  ...note,
});
export const RecordInformationGiven = z.object({
  type: z.literal('record_information_given'),
  topics: z.array(InformationTopic).min(1, 'name at least one topic').max(5),
  channel: Channel,
  format: z.enum(['standard', 'easy_read', 'large_print']).optional(),
  ...note,
});
export const RecordDecision = z.object({
  type: z.literal('record_decision'),
  decision: z.enum(['proceed', 'decline', 'defer']),
  ...note,
});
export const RecordAssessment = z
  .object({
    type: z.literal('record_assessment'),
    outcome: z.enum(['eligible', 'ineligible']),
    needs: z.array(text(500)).max(100),
    reason: text().optional(),
    ...note,
  })
  .refine((c) => c.outcome !== 'ineligible' || c.reason !== undefined, {
    path: ['reason'],
    message: 'is required when the outcome is ineligible',
  });
export const BudgetTraceLine = z.object({ label: text(200), amountPence: z.number().int('must be a whole number of pence') });
export const SetIndicativeBudget = z.object({
  type: z.literal('set_indicative_budget'),
  amountPence: Pence.positive('must be more than zero'),
  method: z.enum(['ras', 'ready_reckoner', 'estimate']),
  trace: z.array(BudgetTraceLine).max(100),
  ...note,
});
export const RecordBudgetTold = z.object({ type: z.literal('record_budget_told'), channel: Channel, ...note });
export const RecordAdviceOffer = z.object({
  type: z.literal('record_advice_offer'),
  outcome: z.enum(['accepted', 'declined', 'later']),
  provider: text(200).optional(),
  ...note,
});
export const PlanLine = z.object({
  description: text(500),
  fundingStream: FundingStream,
  managementOption: ManagementOption,
  annualCostPence: Pence,
});
export const SubmitPlan = z.object({
  type: z.literal('submit_plan'),
  outcomes: z.array(text(1000)).min(1, 'name at least one outcome').max(100),
  lines: z.array(PlanLine).min(1, 'a plan needs at least one line').max(200),
  risks: z.array(text(1000)).max(100),
  contingency: text(5000).optional(),
  ...note,
});
export const ApprovePlan = z.object({ type: z.literal('approve_plan'), ...note });
export const ReturnPlan = z.object({ type: z.literal('return_plan'), reasons, ...note });
export const RefusePlan = z.object({ type: z.literal('refuse_plan'), reasons, ...note });
export const RecordSupportStarted = z.object({ type: z.literal('record_support_started'), date: CalendarDate, ...note });
export const CompleteReview = z.object({
  type: z.literal('complete_review'),
  outcome: z.enum(['keep', 'amend', 'reassess']),
  notes: z.string().max(10000).optional(),
  ...note,
});
export const RequestReview = z.object({ type: z.literal('request_review'), reason: text(), ...note });
export const PutOnHold = z.object({ type: z.literal('put_on_hold'), reason: text(), ...note });
export const Resume = z.object({ type: z.literal('resume'), ...note });
export const Withdraw = z.object({ type: z.literal('withdraw'), reason: text(), ...note });
export const Close = z.object({
  type: z.literal('close'),
  reason: z.enum(['died', 'moved', 'no_longer_eligible', 'ended', 'other']),
  ...note,
});

/** Every command a client may send to `POST /api/journeys/{id}/commands`. */
export const JourneyCommand = z.discriminatedUnion('type', [
  AssignCoordinator,
  RecordConsent,
  RecordInformationGiven,
  RecordDecision,
  RecordAssessment,
  SetIndicativeBudget,
  RecordBudgetTold,
  RecordAdviceOffer,
  SubmitPlan,
  ApprovePlan,
  ReturnPlan,
  RefusePlan,
  RecordSupportStarted,
  CompleteReview,
  RequestReview,
  PutOnHold,
  Resume,
  Withdraw,
  Close,
]);
export type JourneyCommand = z.infer<typeof JourneyCommand>;
export type OpenJourney = z.infer<typeof OpenJourney>;

/**
 * What the journey's workflow issues by itself when a timer fires; never accepted from a client.
 * `record_reminder` is a command rather than a bare function so that a due point is checked against the
 * journey as it is now (a timer set before the stage moved on is refused, and none is recorded twice) and
 * lands in the event stream, with a version, like every other fact the timeline and projections read.
 */
export const StartReview = z.object({ type: z.literal('start_review'), trigger: ReviewTrigger, reason: text().optional(), ...note });
export const RecordReminder = z.object({ type: z.literal('record_reminder'), key: z.string().min(1).max(200), ...note });
export const SystemCommand = z.discriminatedUnion('type', [StartReview, RecordReminder]);
export type SystemCommand = z.infer<typeof SystemCommand>;

/** Everything `decide` accepts: the client commands, opening, and the workflow's own commands. */
export type Command = JourneyCommand | OpenJourney | SystemCommand;
export type CommandType = Command['type'];

/** Which roles may issue each command (the API contract's "Who" column). */
export const commandRoles: Record<JourneyCommand['type'], readonly string[]> = {
  assign_coordinator: ['manager', 'coordinator'],
  record_consent: ['coordinator'],
  record_information_given: ['coordinator'],
  record_decision: ['coordinator', 'person'],
  record_assessment: ['coordinator'],
  set_indicative_budget: ['coordinator'],
  record_budget_told: ['coordinator'],
  record_advice_offer: ['coordinator'],
  submit_plan: ['coordinator', 'person'],
  approve_plan: ['approver', 'manager'],
  return_plan: ['approver', 'manager'],
  refuse_plan: ['approver', 'manager'],
  record_support_started: ['coordinator'],
  complete_review: ['coordinator'],
  request_review: ['coordinator', 'person'],
  put_on_hold: ['coordinator'],
  resume: ['coordinator'],
  withdraw: ['coordinator', 'person'],
  close: ['coordinator', 'manager'],
};

/** One command by its type, for the decisions' signatures: `CommandOf<'submit_plan'>`. */
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
export type PlanLine = z.infer<typeof PlanLine>;
