import { estimateStage, forecastCompletion, remainingQuantile, type DurationHistogram } from '../../../domain/forecast';

// 100 journeys: 10 took each of 0..9 days, i.e. uniform over [0, 10).
const uniform: DurationHistogram = Array.from({ length: 10 }, (_, days) => ({ days, journeys: 10 }));
const DAY = 86_400_000;

describe('forecast', () => {
  it('takes quantiles at bucket upper edges, on a known history', () => {
    expect(remainingQuantile(uniform, 0.5)).toEqual({ days: 5, basis: 100 });
    expect(remainingQuantile(uniform, 0.9)).toEqual({ days: 9, basis: 100 });
  });

  it('pushes the estimate out for a stage running late: only journeys that lasted as long count', () => {
    // Having lasted 6 days, 40 journeys remain (days 6..9): the median ends at day 8, two more days.
    expect(remainingQuantile(uniform, 0.5, 6)).toEqual({ days: 2, basis: 40 });
    const fresh = estimateStage('planning', uniform, 28, 0);
    const late = estimateStage('planning', uniform, 28, 6);
    expect(Date.parse(forecastCompletion([late], '2026-01-07T00:00:00Z', DAY).completionP50)).toBeGreaterThan(
      Date.parse(forecastCompletion([fresh], '2026-01-01T00:00:00Z', DAY).completionP50),
    );
  });

  it('falls back to the policy target when history is thin, and says so', () => {
    const thin: DurationHistogram = [{ days: 3, journeys: 5 }];
    expect(estimateStage('assessment', thin, 28)).toEqual({ stage: 'assessment', p50Days: 28, p90Days: 56, basis: 0, source: 'policy' });
    // Past its target the stage still needs time: never zero, never in the past.
    const overdue = estimateStage('assessment', thin, 28, 40);
    expect(overdue.p50Days).toBeGreaterThan(0);
    expect(overdue.p90Days).toBeGreaterThanOrEqual(overdue.p50Days);
  });

  it('adds medians, combines spreads as independent stages, and reports its basis', () => {
    const a = { stage: 'planning' as const, p50Days: 10, p90Days: 13, basis: 50, source: 'history' as const };
    const b = { stage: 'sign_off' as const, p50Days: 5, p90Days: 9, basis: 30, source: 'history' as const };
    const forecast = forecastCompletion([a, b], '2026-01-01T00:00:00.000Z', DAY);
    expect(forecast.completionP50).toBe('2026-01-16T00:00:00.000Z');
    expect(forecast.completionP90).toBe('2026-01-21T00:00:00.000Z'); // 15 + sqrt(3² + 4²) = 20 days
    expect(forecast).toMatchObject({ basis: 30, source: 'history' });
    expect(forecastCompletion([a, { ...b, source: 'policy', basis: 0 }], '2026-01-01T00:00:00.000Z', DAY).source).toBe('mixed');
  });

  it('never shows a date already passed as expected', () => {
    const done = forecastCompletion([], '2026-01-01T00:00:00.000Z', DAY);
    expect(Date.parse(done.completionP50)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00.000Z'));
  });
});
