import { z } from 'zod';
import { CalendarDate, Channel, FundingStream, InformationTopic, ManagementOption, Pathway, Pence, ReviewTrigger } from './vocabulary';
import { TaskKind, TaskRole } from './tasks/task-schema';

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
/** The person (or their coordinator) changes how we contact them: any of these; future messages use them. */
export const UpdatePreferences = z
  .object({
    type: z.literal('update_preferences'),
    channel: z.enum(['email', 'sms', 'letter']).optional(),
    format: z.enum(['standard', 'easy_read', 'large_print']).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or cy')
      .optional(),
    copyToRepresentative: z.boolean().optional(),
    ...note,
  })
  .refine((c) => c.channel !== undefined || c.format !== undefined || c.language !== undefined || c.copyToRepresentative !== undefined, {
    message: 'say what changes: a channel, a format, a language or whether their representative gets a copy',
  });
/** Independent advice asked for (lesson 4): `about` is free text, kept beside the log like a note. */
export const RequestAdvice = z.object({ type: z.literal('request_advice'), about: z.string().trim().max(2000).optional(), ...note });
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
  UpdatePreferences,
  RequestAdvice,
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

/**
 * Work on a journey's tasks (`/api/tasks/{taskId}/...`), and a task the workflow opens for a message that
 * could not reach the person (a letter that failed): decided by the journey like every other change, but
 * not commands of `POST /api/journeys/{id}/commands`.
 */
const taskKey = z.string().min(1).max(200);
const instantText = z.iso.datetime({ offset: true, message: 'must be a time, such as 2026-12-03T09:00:00Z' });
export const OpenTaskCommand = z.object({
  type: z.literal('open_task'),
  key: taskKey,
  kind: TaskKind,
  role: TaskRole,
  reason: text(200),
  dueAt: instantText,
});
export const ClaimTask = z.object({ type: z.literal('claim_task'), key: taskKey, ...note });
export const ReleaseTask = z.object({ type: z.literal('release_task'), key: taskKey, ...note });
export const AssignTask = z.object({ type: z.literal('assign_task'), key: taskKey, to: text(200), ...note });
export const SnoozeTask = z.object({ type: z.literal('snooze_task'), key: taskKey, until: instantText, reason: text(1000), ...note });
export const CompleteTask = z.object({ type: z.literal('complete_task'), key: taskKey, outcome: text(2000), ...note });
/** What staff do to a task through the tasks API; `open_task` is the workflow's own. */
export const TaskWork = z.discriminatedUnion('type', [ClaimTask, ReleaseTask, AssignTask, SnoozeTask, CompleteTask]);
export type TaskWork = z.infer<typeof TaskWork>;
export const TaskCommand = z.discriminatedUnion('type', [OpenTaskCommand, ClaimTask, ReleaseTask, AssignTask, SnoozeTask, CompleteTask]);
export type TaskCommand = z.infer<typeof TaskCommand>;

/** Everything `decide` accepts: the client commands, opening, the workflow's own commands, and task work. */
export type Command = JourneyCommand | OpenJourney | SystemCommand | TaskCommand;
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
  update_preferences: ['person', 'coordinator'],
  request_advice: ['person', 'coordinator'],
};

/** One command by its type, for the decisions' signatures: `CommandOf<'submit_plan'>`. */
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
export type PlanLine = z.infer<typeof PlanLine>;
