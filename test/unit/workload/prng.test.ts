import { sampleDays } from '../../../workload/durations';
import { createRandom, hashSeed, mulberry32 } from '../../../workload/prng';

const draws = (next: () => number, n: number) => Array.from({ length: n }, next);

describe('the seeded random source', () => {
  it('gives the same numbers for the same seed, and others for another', () => {
    expect(draws(mulberry32(42), 5)).toEqual(draws(mulberry32(42), 5));
    expect(draws(mulberry32(42), 5)).not.toEqual(draws(mulberry32(43), 5));
    expect(draws(createRandom(42, 7).next, 5)).toEqual(draws(createRandom(42, 7).next, 5));
  });

  it('gives unrelated streams to neighbouring journeys', () => {
    expect(hashSeed(42, 0)).not.toBe(hashSeed(42, 1));
    expect(createRandom(42, 0).next()).not.toBe(createRandom(42, 1).next());
  });

  it('draws uniformly in [0, 1)', () => {
    const values = draws(mulberry32(1), 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 1);
  });

  it('picks by weight', () => {
    const random = createRandom(3);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[random.weighted({ a: 0.5, b: 0.3, c: 0.2 })] += 1;
    expect(counts.a / 20_000).toBeCloseTo(0.5, 1);
    expect(counts.b / 20_000).toBeCloseTo(0.3, 1);
    expect(counts.c / 20_000).toBeCloseTo(0.2, 1);
  });
});

describe('long-tailed durations', () => {
  it('are log-normal with the given median and p90 about 3 x the median', () => {
    const random = createRandom(5);
    const days = Array.from({ length: 20_000 }, () => sampleDays(random, 21)).sort((a, b) => a - b);
    const median = days[10_000]!;
    const p90 = days[18_000]!;
    expect(median).toBeGreaterThan(21 * 0.95);
    expect(median).toBeLessThan(21 * 1.05);
    expect(p90 / median).toBeGreaterThan(2.8);
    expect(p90 / median).toBeLessThan(3.2);
    expect(days[0]!).toBeGreaterThan(0);
  });
});
