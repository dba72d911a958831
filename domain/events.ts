import type {
  Actor,
  Channel,
  DuePointKind,
  FundingStream,
  InformationTopic,
  ManagementOption,
  Party,
  Pathway,
  Recipient,
  ReviewTrigger,
  SignOffRoute,
  Stage,
} from './vocabulary';
import type { Policy } from './policy';
import type { TaskKind, TaskRole } from './tasks/task';

export type TraceLine = { label: string; amountPence: number };
export type PlanLineData = {
  description: string;
  fundingStream: FundingStream;
  managementOption: ManagementOption;
  annualCostPence: number;
};
export type StreamTotals = Record<FundingStream, number>;
/** Why a journey closed: the close command's reasons, or what the journey itself decided. */
export type ClosedReason =
  'declined' | 'ineligible' | 'refused' | 'withdrawn' | 'died' | 'moved' | 'no_longer_eligible' | 'ended' | 'other';

/**
 * The facts a journey records. `decide` returns these; `evolve` folds them into state; the event store
 * keeps them with an envelope (id, version, time, actor). Who did something is the envelope's actor, and
 * when is its `occurredAt`: the domain has no clock. Event data carries no name, NHS number or contact.
 */
export type JourneyEvent =
  | { type: 'journey_opened'; data: { journeyId: string; pathway: Pathway; team: string; referralSource: string; policy: Policy } }
  | { type: 'coordinator_assigned'; data: { coordinator: string } }
  | { type: 'consent_recorded'; data: { given: boolean; by: 'person' | 'representative' } }
  | { type: 'stage_changed'; data: { from: Stage | null; to: Stage; waitingOn: Party | null } }
  | { type: 'waiting_on_changed'; data: { party: Party } }
  | { type: 'journey_closed'; data: { reason: ClosedReason; detail?: string } }
  | { type: 'information_given'; data: { topics: InformationTopic[]; channel: Channel; format?: 'standard' | 'easy_read' | 'large_print' } }
  | { type: 'decision_recorded'; data: { decision: 'proceed' | 'decline' | 'defer' } }
  | { type: 'assessment_recorded'; data: { outcome: 'eligible' | 'ineligible'; needs: string[]; reason?: string } }
  | { type: 'indicative_budget_set'; data: { amountPence: number; method: 'ras' | 'ready_reckoner' | 'estimate'; trace: TraceLine[] } }
  | { type: 'budget_told'; data: { channel: Channel; amountPence: number } }
  | { type: 'advice_offered'; data: { outcome: 'accepted' | 'declined' | 'later'; provider?: string } }
  | {
      type: 'plan_submitted';
      data: {
        outcomes: string[];
        lines: PlanLineData[];
        risks: string[];
        contingency?: string;
        totalPence: number;
        variancePence: number;
        perStream: StreamTotals;
      };
    }
  | { type: 'money_support_offered'; data: { trigger: 'direct_payment_chosen' } }
  | { type: 'sign_off_routed'; data: { route: SignOffRoute; totalPence: number; indicativePence: number } }
  | { type: 'plan_approved'; data: { route: SignOffRoute } }
  | { type: 'plan_returned'; data: { route: SignOffRoute; reasons: string[] } }
  | { type: 'plan_refused'; data: { route: SignOffRoute; reasons: string[] } }
  | {
      type: 'support_started';
      data: { date: string; reviewRule: 'health' | 'care_plan' | 'direct_payment'; reviewAfterDays: number; nextReviewDue: string };
    }
  | { type: 'review_started'; data: { trigger: ReviewTrigger; reason?: string } }
  | { type: 'review_completed'; data: { outcome: 'keep' | 'amend' | 'reassess'; notes?: string; nextReviewAfterDays: number } }
  | { type: 'journey_put_on_hold'; data: { reason: string } }
  | { type: 'journey_resumed'; data: Record<string, never> }
  | { type: 'reminder_sent'; data: { key: string; kind: DuePointKind; to: Recipient } }
  | { type: 'preferences_updated'; data: PreferenceChanges }
  | { type: 'advice_requested'; data: Record<string, never> }
  | { type: 'task_opened'; data: { key: string; kind: TaskKind; role: TaskRole; assignee: string | null; dueAt: string; reason: string } }
  | { type: 'task_assigned'; data: { key: string; assignee: string | null } }
  | { type: 'task_snoozed'; data: { key: string; until: string; reason: string } }
  | { type: 'task_completed'; data: { key: string; outcome: string } }
  | { type: 'task_cancelled'; data: { key: string; reason: string } };

/** How the person wants to hear from us, as changed: only what changed (no contact details, which stay in `people`). */
export interface PreferenceChanges {
  channel?: 'email' | 'sms' | 'letter';
  format?: 'standard' | 'easy_read' | 'large_print';
  language?: string;
  copyToRepresentative?: boolean;
}

/** An event as stored: the domain fact plus when, by whom and where in the stream. */
export type RecordedEvent = JourneyEvent & {
  eventId: string;
  version: number;
  occurredAt: string;
  actor: Actor;
};
