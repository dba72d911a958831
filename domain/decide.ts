import type { Command } from './commands';
import type { DecisionContext } from './context';
import { recordAssessment } from './decisions/assessment';
import { recordDecision, recordInformationGiven } from './decisions/awareness';
import { recordBudgetTold, setIndicativeBudget } from './decisions/budget';
import { close, putOnHold, resume, withdraw } from './decisions/lifecycle';
import { recordAdviceOffer, submitPlan } from './decisions/planning';
import { assignCoordinator, openJourney, recordConsent } from './decisions/referral';
import { recordReminder } from './decisions/reminders';
import { completeReview, requestReview, startReview } from './decisions/review';
import { requestAdvice, updatePreferences } from './decisions/preferences';
import { recordSupportStarted } from './decisions/setup';
import { approvePlan, refusePlan, returnPlan } from './decisions/sign-off';
import { assignTask, claimTask, completeTask, openTaskDecision, releaseTask, snoozeTask } from './decisions/tasks';
import { reject } from './errors';
import type { JourneyEvent } from './events';
import { requireMoveAllowedOnHold } from './on-hold';
import type { JourneyState } from './state';

export type { DecisionContext } from './context';

function decideCommand(command: Command, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  switch (command.type) {
    case 'open_journey':
      return openJourney(command, state, context);
    case 'assign_coordinator':
      return assignCoordinator(command, state);
    case 'record_consent':
      return recordConsent(command, state);
    case 'record_information_given':
      return recordInformationGiven(command, state);
    case 'record_decision':
      return recordDecision(command, state);
    case 'record_assessment':
      return recordAssessment(command, state);
    case 'set_indicative_budget':
      return setIndicativeBudget(command, state);
    case 'record_budget_told':
      return recordBudgetTold(command, state);
    case 'record_advice_offer':
      return recordAdviceOffer(command, state);
    case 'submit_plan':
      return submitPlan(command, state);
    case 'approve_plan':
      return approvePlan(command, state, context);
    case 'return_plan':
      return returnPlan(command, state, context);
    case 'refuse_plan':
      return refusePlan(command, state, context);
    case 'record_support_started':
      return recordSupportStarted(command, state);
    case 'start_review':
      return startReview(command, state);
    case 'request_review':
      return requestReview(command, state);
    case 'complete_review':
      return completeReview(command, state);
    case 'put_on_hold':
      return putOnHold(command, state);
    case 'resume':
      return resume(command, state);
    case 'withdraw':
      return withdraw(command, state);
    case 'close':
      return close(command, state);
    case 'record_reminder':
      return recordReminder(command, state);
    case 'update_preferences':
      return updatePreferences(command, state);
    case 'request_advice':
      return requestAdvice(command, state);
    case 'open_task':
      return openTaskDecision(command, state);
    case 'claim_task':
      return claimTask(command, state, context);
    case 'release_task':
      return releaseTask(command, state, context);
    case 'assign_task':
      return assignTask(command, state, context);
    case 'snooze_task':
      return snoozeTask(command, state, context);
    case 'complete_task':
      return completeTask(command, state, context);
    default: {
      // A command without a decision is a compile error here; at run time, an unvalidated one is refused.
      const unknown: never = command;
      return reject('unknown_command', `The command ${(unknown as { type?: string }).type ?? '(none)'} is not known.`);
    }
  }
}

/**
 * Decides what a command means for a journey: the events it produces, or a `DomainError` that says why
 * it is not allowed now and what must happen first. Pure: no clock, no I/O, no randomness, so the
 * workflow's update validators, its handlers, replays and the tests all run the same rules.
 *
 * @example
 * decide({ type: 'resume' }, state, { actor: { sub: 'alice', role: 'coordinator' } }) // [{ type: 'journey_resumed', data: {} }]
 */
export function decide(command: Command, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  const events = decideCommand(command, state, context);
  requireMoveAllowedOnHold(state, command.type, events);
  return events;
}
