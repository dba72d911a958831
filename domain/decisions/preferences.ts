import type { CommandOf } from '../commands';
import { reject } from '../errors';
import type { JourneyEvent, PreferenceChanges } from '../events';
import { requireOpen } from '../guards';
import type { JourneyState } from '../state';

/** Lesson 5: the person says how they want to hear from us; every later message follows it. */
export function updatePreferences(command: CommandOf<'update_preferences'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  const { channel, format, language, copyToRepresentative } = command;
  const changes: PreferenceChanges = Object.fromEntries(
    Object.entries({ channel, format, language, copyToRepresentative }).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(changes).length === 0)
    reject('nothing_to_change', 'Say what changes: a channel, a format, a language, or the copy to a representative.');
  return [{ type: 'preferences_updated', data: changes }];
}

/** Lesson 4: independent advice asked for, at any stage of an open journey; what it is about stays beside the log. */
export function requestAdvice(_command: CommandOf<'request_advice'>, state: JourneyState): JourneyEvent[] {
  requireOpen(state);
  return [{ type: 'advice_requested', data: {} }];
}
