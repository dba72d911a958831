import type { CommandOf } from '../commands';
import { reject } from '../errors';
import type { JourneyEvent } from '../events';
import { requireOpen } from '../guards';
import { pendingPoints } from '../schedule';
import type { JourneyState } from '../state';

/**
 * The workflow records a due point when its timer fires, before it sends anything. The domain has no
 * clock, so whether the time has come is the workflow's to judge; what is checked here is that the point
 * still belongs to the journey as it is now, and has not been recorded before.
 */
export function recordReminder(command: CommandOf<'record_reminder'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  if (state.clock.fired.includes(command.key))
    reject('reminder_already_sent', 'That reminder has already been recorded for this journey; it is never sent twice.');
  const point =
    pendingPoints(state).find((candidate) => candidate.key === command.key) ??
    reject(
      'reminder_not_due',
      'That reminder no longer applies: the journey has moved on since it was scheduled, or it is on hold. Nothing is sent.',
    );
  return [{ type: 'reminder_sent', data: { key: point.key, kind: point.kind, to: point.to } }];
}
