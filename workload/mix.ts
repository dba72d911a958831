import type { CommandOf } from '../domain/commands';
import type { ManagementOption, Pathway } from '../domain/vocabulary';

/**
 * The workload mix of domain.md ("Realistic volumes"), in one place so the tests check the generator
 * against the same numbers it draws from. Durations are medians in days; each wait is log-normal with
 * p90 about 3 x its median.
 */

/** Half short wheelchair budgets (phb), 15% CHC (a few of them fast track), 15% children and young people, 20% other. */
export const pathwayShares: Readonly<Record<Pathway, number>> = {
  phb: 0.5,
  chc: 0.125,
  chc_fast_track: 0.025,
  integrated: 0.15,
  social_care: 0.2,
};

/** Stage medians of domain.md; referral and review have none there, so they sit well inside their targets. */
export const medianDays = {
  referral: 3,
  awareness: 7,
  assessment: 21,
  /** Finance calculates, then the coordinator tells the person: together about 3 days. */
  budgetCalculated: 1.9,
  budgetTold: 0.9,
  planning: 21,
  /** A plan revised after being returned takes less time than the first. */
  replanning: 10,
  signOff: 7,
  panel: 20,
  setup: { notional: 10, third_party: 21, direct_payment: 45 } satisfies Record<ManagementOption, number>,
  /** Chosen so that about 15% of reviews run past the 28-day review target (p90 3 x median). */
  review: 12,
  hold: 14,
} as const;

/** End of life: care in place within 48 hours, so every organisational wait is short. */
export const fastTrackMedianDays = {
  referral: 0.5,
  awareness: 1,
  assessment: 1,
  budgetCalculated: 0.3,
  budgetTold: 0.2,
  planning: 1.5,
  replanning: 0.5,
  signOff: 0.5,
  panel: 1,
  setup: { notional: 1, third_party: 1.5, direct_payment: 1.5 } satisfies Record<ManagementOption, number>,
  review: 12,
  hold: 7,
} as const;

export const rates = {
  /** Of the people who decide at awareness. */
  declineAtAwareness: 0.2,
  /** Some ask for more time before deciding. */
  deferAtAwareness: 0.1,
  /** Of CHC assessments (domain.md: 20-30%). */
  ineligible: { chc: 0.25, chc_fast_track: 0.05, phb: 0.04, social_care: 0.08, integrated: 0.06 } satisfies Record<Pathway, number>,
  /** A first plan is returned once in a quarter of cases; a revised one rarely. */
  returnFirstPlan: 0.25,
  returnRevisedPlan: 0.04,
  refuse: { team_lead: 0.01, manager: 0.03, panel: 0.12 },
  /** Final budget as a multiple of the indicative: within 1.10 (team lead), to 1.25 (manager), above (panel, ~10%). */
  signOffRoute: { team_lead: 0.65, manager: 0.25, panel: 0.1 },
  /** Per stage before support starts. */
  withdrawPerStage: 0.012,
  holdPerStage: 0.012,
  reassignCoordinatorPerStage: 0.006,
  /** End of life: some die before support is in place. */
  fastTrackDiesPerStage: 0.03,
  /** A change in needs brings a review forward in some active periods. */
  reviewRequestedPerPeriod: 0.06,
  reviewOutcome: { keep: 0.8, amend: 0.15, reassess: 0.05 },
} as const;

/** Management options, per pathway: PHBs follow the national split (80% notional, 15% DP, 5% third party). */
export const managementOptionShares: Readonly<Record<Pathway, Readonly<Record<ManagementOption, number>>>> = {
  phb: { notional: 0.8, direct_payment: 0.15, third_party: 0.05 },
  chc: { notional: 0.75, direct_payment: 0.17, third_party: 0.08 },
  chc_fast_track: { notional: 0.95, direct_payment: 0.0, third_party: 0.05 },
  social_care: { notional: 0.4, direct_payment: 0.45, third_party: 0.15 },
  integrated: { notional: 0.5, direct_payment: 0.35, third_party: 0.15 },
};

/** How long support lasts once it starts (median days), and why it ends. Wheelchair budgets are short. */
export const supportLife: Readonly<
  Record<Pathway, { medianDays: number; p90Ratio: number; reasons: Readonly<Partial<Record<CommandOf<'close'>['reason'], number>>> }>
> = {
  phb: { medianDays: 200, p90Ratio: 3, reasons: { ended: 0.85, moved: 0.05, died: 0.05, other: 0.05 } },
  chc: { medianDays: 420, p90Ratio: 3, reasons: { died: 0.6, no_longer_eligible: 0.25, moved: 0.1, other: 0.05 } },
  chc_fast_track: { medianDays: 45, p90Ratio: 3, reasons: { died: 0.95, other: 0.05 } },
  social_care: { medianDays: 1500, p90Ratio: 2.5, reasons: { died: 0.4, ended: 0.3, moved: 0.2, no_longer_eligible: 0.1 } },
  integrated: { medianDays: 1800, p90Ratio: 2.5, reasons: { ended: 0.5, moved: 0.4, other: 0.1 } },
};

/** Journeys open uniformly over this many days before `now`, so every stage has journeys in it at `now`. */
export const defaultSpanDays = 3 * 365;
