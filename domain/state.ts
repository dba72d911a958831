import type { Channel, Party, Pathway, ReviewTrigger, SignOffRoute, Stage } from './vocabulary';
import type { Policy } from './policy';
import type { ClosedReason, PlanLineData, PreferenceChanges, StreamTotals, TraceLine } from './events';
import type { OpenTask } from './tasks/task';

/** Which of the seven lessons have been kept for this person so far. */
export interface Lessons {
  toldAboutBudgets: boolean;
  optionsExplained: boolean;
  /** The current indicative amount has been told (a new calculation must be told again). */
  amountTold: boolean;
  independentAdviceOffered: boolean;
  moneySupportOffered: boolean;
}

export interface IndicativeBudget {
  amountPence: number;
  method: 'ras' | 'ready_reckoner' | 'estimate';
  trace: TraceLine[];
  calculatedAt?: string;
  toldAt?: string;
  toldChannel?: Channel;
}

export interface FinalBudget {
  lines: PlanLineData[];
  totalPence: number;
  /** Final minus indicative: positive when the plan costs more than the amount told. */
  variancePence: number;
  perStream: StreamTotals;
}

export interface Budget {
  indicative: IndicativeBudget | null;
  final: FinalBudget | null;
  signOffRoute: SignOffRoute | null;
}

/**
 * The clock of the current wait, which the schedule reads. Only the current stage's facts are kept, so
 * the state stays small across continue-as-new.
 */
export interface WaitClock {
  /** When the current party's wait began, and the stream version of the event that began it. */
  since: string | null;
  version: number;
  /** The stream version of the `stage_changed` that began the current stage. */
  stageVersion: number;
  /** Time on hold while the person held the ball: in this wait (reminders) and in this stage (breach). */
  heldMs: number;
  stageHeldMs: number;
  /** Keys of the due points already reached in this wait, plus this stage's breach. */
  fired: string[];
}

/** The policy-day clock of the next review: due `afterDays` policy days after `anchorAt`. */
export interface ReviewClock {
  anchorAt: string;
  afterDays: number;
}

/** Everything a decision needs to know about a journey. Small and free of personal data. */
export interface JourneyState {
  journeyId: string | null;
  status: 'new' | 'open' | 'closed';
  pathway: Pathway | null;
  team: string | null;
  policy: Policy | null;
  coordinator: string | null;
  consent: { given: boolean; by: 'person' | 'representative' } | null;
  stage: Stage;
  waitingOn: Party | null;
  stageEnteredAt: string | null;
  onHold: boolean;
  onHoldSince: string | null;
  clock: WaitClock;
  lessons: Lessons;
  budget: Budget;
  /** Why the last plan was returned, until a new plan is submitted, so everyone can see what to change. */
  returnedReasons: string[] | null;
  /** The review in progress (review stage only). */
  review: { trigger: ReviewTrigger; adviceOffered: boolean } | null;
  /** Calendar date (YYYY-MM-DD) the next review is due, once support has started. */
  nextReviewDue: string | null;
  reviewClock: ReviewClock | null;
  closedReason: ClosedReason | null;
  /** How the person has asked, since the journey opened, to hear from us (absent until they do). */
  preferences?: PreferenceChanges;
  /** The staff work open on this journey, by key (absent in states folded before tasks existed). */
  tasks?: Record<string, OpenTask>;
  /** The version of the event stream this state was folded from. */
  version: number;
}

export const initialState: JourneyState = {
  journeyId: null,
  status: 'new',
  pathway: null,
  team: null,
  policy: null,
  coordinator: null,
  consent: null,
  stage: 'referral',
  waitingOn: null,
  stageEnteredAt: null,
  onHold: false,
  onHoldSince: null,
  clock: { since: null, version: 0, stageVersion: 0, heldMs: 0, stageHeldMs: 0, fired: [] },
  lessons: {
    toldAboutBudgets: false,
    optionsExplained: false,
    amountTold: false,
    independentAdviceOffered: false,
    moneySupportOffered: false,
  },
  budget: { indicative: null, final: null, signOffRoute: null },
  returnedReasons: null,
  review: null,
  nextReviewDue: null,
  reviewClock: null,
  closedReason: null,
  tasks: {},
  version: 0,
};
