import type { Policy } from './policy';
import type { Actor } from './vocabulary';

/** What a decision may know besides the command and the state. Never the clock. */
export interface DecisionContext {
  /** Who is acting: sign-off authority depends on the role. */
  actor: Actor;
  /** The area's policy for the journey's pathway, captured by `open_journey`; the national default if absent. */
  policy?: Policy;
}
