import type { ClosedReason, JourneyEvent } from './events';
import type { JourneyState } from './state';
import type { Party, Stage } from './vocabulary';

/** The journey enters another stage, and `waitingOn` holds the ball there. */
export function moveTo(state: JourneyState, to: Stage, waitingOn: Party | null): JourneyEvent {
  return { type: 'stage_changed', data: { from: state.stage, to, waitingOn } };
}

/** The ball moves within the stage; nothing to record when that party already holds it. */
export function handTo(state: JourneyState, party: Party): JourneyEvent[] {
  return state.waitingOn === party ? [] : [{ type: 'waiting_on_changed', data: { party } }];
}

/** Every ending goes through the closed stage, so the timeline shows when and from where it ended. */
export function closeJourney(state: JourneyState, reason: ClosedReason, detail?: string): JourneyEvent[] {
  return [moveTo(state, 'closed', null), { type: 'journey_closed', data: detail === undefined ? { reason } : { reason, detail } }];
}
