import type { CommandType } from './commands';
import { reject } from './errors';
import type { JourneyEvent } from './events';
import type { JourneyState } from './state';

/**
 * Commands that may move a journey on hold: resuming it, ending it (the person may withdraw at any time),
 * and a review falling due, which is the organisation's clock and does not wait for the person.
 */
const movesWhileOnHold: ReadonlySet<CommandType> = new Set<CommandType>(['resume', 'withdraw', 'close', 'start_review']);

/**
 * On hold, nothing moves the journey on: a command that would change its stage or who holds the ball is
 * refused until it resumes. Recording facts (information given, advice offered, consent, a coordinator,
 * a deferral, a reminder) is still allowed, so the record stays complete.
 */
export function requireMoveAllowedOnHold(state: JourneyState, type: CommandType, events: readonly JourneyEvent[]): void {
  if (!state.onHold || movesWhileOnHold.has(type)) return;
  if (events.some((event) => event.type === 'stage_changed' || event.type === 'waiting_on_changed'))
    reject(
      'on_hold',
      'This journey is on hold, so it cannot move on to the next step or hand over to someone else. ' +
        'Resume the journey first (resume), then try again.',
    );
}
