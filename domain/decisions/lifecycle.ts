import type { CommandOf } from '../commands';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { requireOpen } from '../guards';
import type { JourneyState } from '../state';
import { closeJourney } from '../transitions';

/** On hold (a hospital stay, say): the person's clocks stop until the journey resumes. */
export function putOnHold(command: CommandOf<'put_on_hold'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  if (state.onHold) reject('already_on_hold', 'This journey is already on hold; resume it (resume) before holding it again.');
  return [{ type: 'journey_put_on_hold', data: { reason: command.reason } }];
}

export function resume(_command: CommandOf<'resume'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  if (!state.onHold) reject('not_on_hold', 'This journey is not on hold, so there is nothing to resume.');
  return [{ type: 'journey_resumed', data: {} }];
}

/** The person may withdraw at any stage, on hold or not. */
export function withdraw(command: CommandOf<'withdraw'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  return closeJourney(state, 'withdrawn', command.reason);
}

export function close(command: CommandOf<'close'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  return closeJourney(state, command.reason);
}
