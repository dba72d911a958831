import type { Random } from './prng';

export const DAY_MS = 86_400_000;

/** z of the 90th percentile of the standard normal. */
const Z90 = 1.2815515655446004;

/**
 * Long-tailed waits: log-normal with the given median and p90 = `p90Ratio` x median (domain.md: "p90
 * about 3 x median"). Capped at `capRatio` x median so a handful of draws from the extreme tail do not
 * leave a journey sitting in one stage for years.
 */
export function sampleDays(random: Random, medianDays: number, p90Ratio = 3, capRatio = 12): number {
  const sigma = Math.log(p90Ratio) / Z90;
  return Math.min(medianDays * Math.exp(sigma * random.normal()), medianDays * capRatio);
}

/** The same, in milliseconds. */
export function sampleMs(random: Random, medianDays: number, p90Ratio = 3): number {
  return Math.round(sampleDays(random, medianDays, p90Ratio) * DAY_MS);
}
