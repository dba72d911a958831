import { ms } from './dates';
import type { JourneyState, WaitClock } from './state';

/**
 * Time on hold that overlaps the current person-held wait, up to `at`. Only the person's clocks stop on
 * hold: the organisation's delay is never excused by the person's hospital stay.
 */
function heldOverlapMs(state: JourneyState, at: string): number {
  if (!state.onHold || state.waitingOn !== 'person' || !state.onHoldSince || !state.clock.since) return 0;
  return Math.max(0, ms(at) - Math.max(ms(state.onHoldSince), ms(state.clock.since)));
}

/** A new stage: a new wait, with nothing fired and nothing held yet. */
export function stageClock(at: string, version: number): WaitClock {
  return { since: at, version, stageVersion: version, heldMs: 0, stageHeldMs: 0, fired: [] };
}

/** The ball moves within the stage: a new wait. The stage keeps its held time and its breach. */
export function waitClock(state: JourneyState, at: string, version: number): WaitClock {
  const { clock } = state;
  return {
    since: at,
    version,
    stageVersion: clock.stageVersion,
    heldMs: 0,
    stageHeldMs: clock.stageHeldMs + heldOverlapMs(state, at),
    fired: clock.fired.filter((key) => key.endsWith(':breach')),
  };
}

/** The journey resumes: the hold just ended is added to the person's clocks. */
export function resumedClock(state: JourneyState, at: string): WaitClock {
  const held = heldOverlapMs(state, at);
  return { ...state.clock, heldMs: state.clock.heldMs + held, stageHeldMs: state.clock.stageHeldMs + held };
}

export function withFired(clock: WaitClock, key: string): WaitClock {
  return clock.fired.includes(key) ? clock : { ...clock, fired: [...clock.fired, key] };
}
