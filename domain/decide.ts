import type { Command } from './commands';
import { reject } from './errors';
import type { JourneyEvent } from './events';
import type { JourneyState } from './state';
import type { Actor } from './vocabulary';

/** What a decision may know besides the command and the state: who is acting. Never the clock. */
export interface DecisionContext {
  actor: Actor;
}
import { assignCoordinator, openJourney, recordConsent } from './decisions/referral';

/**
 * Decides what a command means for a journey: the events it produces, or a `DomainError` that says why
 * it is not allowed now and what must happen first. Pure: no clock, no I/O, so the workflow's update
 * validators, its handlers and the tests all run the same rules.
 */
export function decide(command: Command, state: JourneyState, context: DecisionContext): JourneyEvent[] {
  switch (command.type) {
    case 'open_journey':
      return openJourney(command, state);
    case 'assign_coordinator':
      return assignCoordinator(command, state);
    case 'record_consent':
      return recordConsent(command, state);
    default:
      return reject('not_supported', `The command ${command.type} is not supported yet.`);
  }
}
