import { reject } from './errors';
import type { Policy } from './policy';
import type { JourneyState } from './state';
import type { Stage } from './vocabulary';

/** The journey must be open: a closed journey takes no more commands, and a new one only `open_journey`. */
export function requireOpen(state: JourneyState): void {
  if (state.status === 'new') reject('journey_not_open', 'This journey has not been opened yet.');
  if (state.status === 'closed')
    reject('journey_closed', `This journey is closed (${state.closedReason ?? 'closed'}); open a new journey to start again.`);
}

/** The journey must be open and in one of the given stages. */
export function requireStage(state: JourneyState, allowed: readonly Stage[], what: string): void {
  requireOpen(state);
  if (!allowed.includes(state.stage))
    reject('wrong_stage', `${what} is not possible at the ${state.stage} stage; it happens at the ${allowed.join(' or ')} stage.`);
}

/** The policy the journey captured when it opened; later rules read this, never today's defaults. */
export function policyOf(state: JourneyState): Policy {
  requireOpen(state);
  return state.policy ?? reject('journey_not_open', 'This journey has no policy; it has not been opened properly.');
}
