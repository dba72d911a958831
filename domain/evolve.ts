import type { RecordedEvent } from './events';
import type { JourneyState } from './state';

/** Folds one recorded event into the journey's state. Pure and total: unknown facts change nothing. */
export function evolve(state: JourneyState, event: RecordedEvent): JourneyState {
  const next = { ...state, version: event.version };
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
      return { ...next, stage: event.data.to, waitingOn: event.data.waitingOn, stageEnteredAt: event.occurredAt };
    case 'waiting_on_changed':
      return { ...next, waitingOn: event.data.party };
    case 'journey_closed':
      return { ...next, status: 'closed', closedReason: event.data.reason, waitingOn: null };
    default:
      return next;
  }
}

/** Folds a whole stream, oldest first. */
export function fold(events: readonly RecordedEvent[], from: JourneyState): JourneyState {
  return events.reduce(evolve, from);
}
