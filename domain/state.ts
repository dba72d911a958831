import type { Party, Pathway, Stage } from './vocabulary';
import type { Policy } from './policy';

/** Which of the seven lessons have been kept for this person so far. */
export interface Lessons {
  toldAboutBudgets: boolean;
  optionsExplained: boolean;
  amountTold: boolean;
  independentAdviceOffered: boolean;
  moneySupportOffered: boolean;
}

/** Everything a decision needs to know about a journey. Small and free of personal data. */
export interface JourneyState {
  journeyId: string | null;
  status: 'new' | 'open' | 'closed';
  pathway: Pathway | null;
  team: string | null;
  policy: Policy | null;
  coordinator: string | null;
  consent: { given: boolean; by: 'person' | 'representative' } | null;
  stage: Stage;
  waitingOn: Party | null;
  stageEnteredAt: string | null;
  onHold: boolean;
  lessons: Lessons;
  closedReason: string | null;
  /** The version of the event stream this state was folded from. */
  version: number;
}

export const initialState: JourneyState = {
  journeyId: null,
  status: 'new',
  pathway: null,
  team: null,
  policy: null,
  coordinator: null,
  consent: null,
  stage: 'referral',
  waitingOn: null,
  stageEnteredAt: null,
  onHold: false,
  lessons: {
    toldAboutBudgets: false,
    optionsExplained: false,
    amountTold: false,
    independentAdviceOffered: false,
    moneySupportOffered: false,
  },
  closedReason: null,
  version: 0,
};
