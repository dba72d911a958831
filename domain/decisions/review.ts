import type { CommandOf } from '../commands';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { policyOf, requireOpen, requireStage } from '../guards';
import type { JourneyState } from '../state';
import { moveTo } from '../transitions';
import type { ReviewTrigger } from '../vocabulary';

function beginReview(state: JourneyState, trigger: ReviewTrigger, reason: string | undefined): JourneyEvent[] {
  requireOpen(state);
  if (state.stage === 'review')
    reject('review_in_progress', 'A review is already in progress; complete it (complete_review) before starting another.');
  requireStage(state, ['active'], 'Starting a review');
  return [
    { type: 'review_started', data: reason === undefined ? { trigger } : { trigger, reason } },
    moveTo(state, 'review', 'coordinator'),
  ];
}

/** Issued by the workflow when a review falls due, or for a concern raised outside the API. */
export function startReview(command: CommandOf<'start_review'>, state: JourneyState): JourneyEvent[] {
  return beginReview(state, command.trigger, command.reason);
}

/** A person or coordinator asks for a review, for example because needs changed. */
export function requestReview(command: CommandOf<'request_review'>, state: JourneyState): JourneyEvent[] {
  return beginReview(state, 'requested', command.reason);
}

/**
 * A review ends with the plan kept (back to active), amended (planning) or needs reassessed (assessment).
 * Lesson 4 again: independent advice must have been offered during this review. The next review is due
 * a cadence after this one; support starting under an amended plan sets it again.
 */
export function completeReview(command: CommandOf<'complete_review'>, state: JourneyState): JourneyEvent[] {
  requireStage(state, ['review'], 'Completing a review');
  if (!state.review?.adviceOffered)
    reject(
      'advice_not_offered_at_review',
      'Independent advice has not been offered during this review. Offer it and record the outcome ' +
        '(record_advice_offer) before completing the review.',
    );
  const completed: JourneyEvent = {
    type: 'review_completed',
    data: {
      outcome: command.outcome,
      ...(command.notes === undefined ? {} : { notes: command.notes }),
      nextReviewAfterDays: policyOf(state).reviews.everyDays,
    },
  };
  switch (command.outcome) {
    case 'keep':
      return [completed, moveTo(state, 'active', null)];
    case 'amend':
      return [completed, moveTo(state, 'planning', 'person')];
    case 'reassess':
      return [completed, moveTo(state, 'assessment', 'assessor')];
  }
}
