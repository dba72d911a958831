import type { ManagementOption, Pathway, Actor } from '../domain/vocabulary';
import type { teamStaff, Team } from './actors';
import type { JourneyWalker } from './journey-walker';
import { fastTrackMedianDays, medianDays } from './mix';
import type { Random } from './prng';

/** Median days of each wait a journey's scripts draw. */
export interface StageMedians {
  referral: number;
  awareness: number;
  assessment: number;
  budgetCalculated: number;
  budgetTold: number;
  planning: number;
  replanning: number;
  signOff: number;
  panel: number;
  setup: Readonly<Record<ManagementOption, number>>;
  review: number;
  hold: number;
}

/** The fast track's waits are short (care in place within 48 hours); the other pathways share domain.md's medians. */
export function mediansFor(pathway: Pathway): StageMedians {
  return pathway === 'chc_fast_track' ? fastTrackMedianDays : medianDays;
}

/** Everything the stage scripts of one journey share. */
export interface JourneyContext {
  walker: JourneyWalker;
  random: Random;
  pathway: Pathway;
  team: Team;
  staff: ReturnType<typeof teamStaff>;
  /** The coordinator assigned to the journey, once one is. */
  coordinator: Actor;
  person: Actor;
  medians: StageMedians;
  plansSubmitted: number;
  /** A plan of this sign-off cycle has been returned already: the revised one is rarely returned again. */
  returnedThisCycle: boolean;
  /** When support ends (death, moving away, the budget ending), drawn when support first starts. */
  supportEndsAt: number | null;
}
