import { resumedClock, stageClock, waitClock, withFired } from './clock';
import { addDays, dateOf, daysBetween } from './dates';
import type { RecordedEvent } from './events';
import type { JourneyState } from './state';
import type { OpenTask } from './tasks/task';

/** Folds one recorded event into the journey's state. Pure and total: unknown facts change nothing. */
export function evolve(state: JourneyState, event: RecordedEvent): JourneyState {
  const next = { ...state, version: event.version };
  const at = event.occurredAt;
  switch (event.type) {
    case 'journey_opened':
      return {
        ...next,
        journeyId: event.data.journeyId,
        status: 'open',
        pathway: event.data.pathway,
        team: event.data.team,
        policy: event.data.policy,
      };
    case 'coordinator_assigned':
      return { ...next, coordinator: event.data.coordinator };
    case 'consent_recorded':
      return { ...next, consent: { given: event.data.given, by: event.data.by } };
    case 'stage_changed':
      return {
        ...next,
        stage: event.data.to,
        waitingOn: event.data.waitingOn,
        stageEnteredAt: at,
        clock: stageClock(at, event.version),
        review: event.data.to === 'review' ? state.review : null,
      };
    case 'waiting_on_changed':
      return { ...next, waitingOn: event.data.party, clock: waitClock(state, at, event.version) };
    case 'journey_closed':
      return { ...next, status: 'closed', closedReason: event.data.reason, waitingOn: null, onHold: false, onHoldSince: null };
    case 'information_given': {
      const topics = event.data.topics;
      const lessons = state.lessons;
      return {
        ...next,
        lessons: {
          ...lessons,
          toldAboutBudgets: lessons.toldAboutBudgets || topics.includes('personal_budgets'),
          optionsExplained: lessons.optionsExplained || topics.includes('management_options'),
          moneySupportOffered: lessons.moneySupportOffered || topics.includes('money_support'),
        },
      };
    }
    case 'decision_recorded':
    case 'assessment_recorded':
    case 'plan_approved':
    case 'plan_refused':
      return next;
    case 'indicative_budget_set':
      return {
        ...next,
        budget: { ...state.budget, indicative: { ...event.data, calculatedAt: at } },
        lessons: { ...state.lessons, amountTold: false },
      };
    case 'budget_told': {
      const indicative = state.budget.indicative;
      return {
        ...next,
        budget: indicative ? { ...state.budget, indicative: { ...indicative, toldAt: at, toldChannel: event.data.channel } } : state.budget,
        lessons: { ...state.lessons, amountTold: true },
      };
    }
    case 'advice_offered':
      return {
        ...next,
        lessons: { ...state.lessons, independentAdviceOffered: true },
        review: state.review && state.stage === 'review' ? { ...state.review, adviceOffered: true } : state.review,
      };
    case 'plan_submitted': {
      const { lines, totalPence, variancePence, perStream } = event.data;
      return { ...next, budget: { ...state.budget, final: { lines, totalPence, variancePence, perStream } }, returnedReasons: null };
    }
    case 'money_support_offered':
      return { ...next, lessons: { ...state.lessons, moneySupportOffered: true } };
    case 'sign_off_routed':
      return { ...next, budget: { ...state.budget, signOffRoute: event.data.route } };
    case 'plan_returned':
      return { ...next, returnedReasons: event.data.reasons };
    case 'support_started':
      // The review clock runs in policy days from when support was recorded, less the days since it started.
      return {
        ...next,
        nextReviewDue: event.data.nextReviewDue,
        reviewClock: { anchorAt: at, afterDays: event.data.reviewAfterDays - daysBetween(event.data.date, dateOf(at)) },
      };
    case 'review_started':
      return { ...next, review: { trigger: event.data.trigger, adviceOffered: false } };
    case 'review_completed':
      return {
        ...next,
        nextReviewDue: addDays(dateOf(at), event.data.nextReviewAfterDays),
        reviewClock: { anchorAt: at, afterDays: event.data.nextReviewAfterDays },
      };
    case 'journey_put_on_hold':
      return { ...next, onHold: true, onHoldSince: at };
    case 'journey_resumed':
      return { ...next, onHold: false, onHoldSince: null, clock: resumedClock(state, at) };
    case 'reminder_sent':
      return { ...next, clock: withFired(state.clock, event.data.key) };
    case 'preferences_updated':
      return { ...next, preferences: { ...state.preferences, ...event.data } };
    case 'advice_requested':
      return next;
    case 'task_opened': {
      const { key, kind, role, assignee, dueAt, reason } = event.data;
      return { ...next, tasks: { ...state.tasks, [key]: { key, kind, role, assignee, dueAt, reason, snoozedUntil: null } } };
    }
    case 'task_assigned':
      return withTask(next, state, event.data.key, (task) => ({ ...task, assignee: event.data.assignee }));
    case 'task_snoozed':
      return withTask(next, state, event.data.key, (task) => ({ ...task, snoozedUntil: event.data.until }));
    case 'task_completed':
    case 'task_cancelled': {
      const { [event.data.key]: _closed, ...open } = state.tasks ?? {};
      return { ...next, tasks: open };
    }
    default: {
      // Every known event is handled above (a new one is a compile error here); a stored event this code
      // does not know, say during a rolling deploy, changes nothing rather than failing a replay.
      const unknown: never = event;
      void unknown;
      return next;
    }
  }
}

/** The state with one open task changed; an unknown key (a task closed already) changes nothing. */
function withTask(next: JourneyState, state: JourneyState, key: string, change: (task: OpenTask) => OpenTask): JourneyState {
  const task = state.tasks?.[key];
  return task ? { ...next, tasks: { ...state.tasks, [key]: change(task) } } : next;
}

/** Folds a whole stream, oldest first. */
export function fold(events: readonly RecordedEvent[], from: JourneyState): JourneyState {
  return events.reduce(evolve, from);
}
