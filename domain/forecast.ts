import type { Stage } from './vocabulary';

/** How many completed stages a pathway needs before its history is trusted over the policy's targets. */
export const MIN_HISTORY = 20;

/** Completed stage durations: how many journeys took `days` (whole policy days, rounded down). */
export type DurationHistogram = ReadonlyArray<{ days: number; journeys: number }>;

export interface StageEstimate {
  stage: Stage;
  p50Days: number;
  p90Days: number;
  /** How many past journeys the estimate rests on; 0 when it comes from the policy. */
  basis: number;
  source: 'history' | 'policy';
}

/**
 * The q-quantile of how much longer a stage lasts, given it has lasted `elapsed` days already: only the
 * journeys that took at least that long count, so a stage running late pushes the estimate out. Each
 * bucket counts at its upper edge, which never flatters. Null when too few journeys lasted that long.
 */
export function remainingQuantile(histogram: DurationHistogram, q: number, elapsed = 0): { days: number; basis: number } | null {
  const survivors = histogram.filter((b) => b.days + 1 > elapsed).sort((a, b) => a.days - b.days);
  const basis = survivors.reduce((n, b) => n + b.journeys, 0);
  if (basis < MIN_HISTORY) return null;
  let seen = 0;
  for (const bucket of survivors) {
    seen += bucket.journeys;
    if (seen / basis >= q) return { days: Math.max(bucket.days + 1 - elapsed, 0.5), basis };
  }
  return null;
}

/** One stage's estimate from history, or from its target when history is thin (and saying so). */
export function estimateStage(stage: Stage, histogram: DurationHistogram, targetDays: number, elapsed = 0): StageEstimate {
  const p50 = remainingQuantile(histogram, 0.5, elapsed);
  const p90 = remainingQuantile(histogram, 0.9, elapsed);
  if (p50 && p90) return { stage, p50Days: p50.days, p90Days: Math.max(p90.days, p50.days), basis: p50.basis, source: 'history' };
  // The policy says the target is usual and twice the target a breach; a stage past its target still needs time.
  const p50Days = Math.max(targetDays - elapsed, targetDays * 0.25, 0.5);
  const p90Days = Math.max(targetDays * 2 - elapsed, p50Days * 2);
  return { stage, p50Days, p90Days, basis: 0, source: 'policy' };
}

export interface CompletionForecast {
  completionP50: string;
  completionP90: string;
  basis: number;
  source: 'history' | 'policy' | 'mixed';
  remaining: StageEstimate[];
}

/**
 * When the journey is likely to reach its goal: the medians add up; the spread of the p90 adds up as for
 * independent stages (root of summed squares), not as a sum of worst cases. Never a date in the past.
 */
export function forecastCompletion(remaining: StageEstimate[], now: string, policyDayMs: number): CompletionForecast {
  const p50 = remaining.reduce((days, s) => days + s.p50Days, 0);
  const spread = Math.sqrt(remaining.reduce((sum, s) => sum + (s.p90Days - s.p50Days) ** 2, 0));
  const at = (days: number) => new Date(Date.parse(now) + Math.max(days, 0.5) * policyDayMs).toISOString();
  const sources = new Set(remaining.map((s) => s.source));
  const fromHistory = remaining.filter((s) => s.source === 'history');
  return {
    completionP50: at(p50),
    completionP90: at(p50 + spread),
    basis: fromHistory.length ? Math.min(...fromHistory.map((s) => s.basis)) : 0,
    source: sources.size === 1 ? [...sources][0]! : 'mixed',
    remaining,
  };
}
