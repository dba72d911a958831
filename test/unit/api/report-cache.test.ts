import type { AnalyticsService } from '../../../app/analytics/analytics-service';
import { createReportCache, withCachedReports } from '../../../app/analytics/report-cache';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('report cache', () => {
  let now = 0;
  const clock = () => now;
  const counter = () => {
    let calls = 0;
    return { compute: async () => ++calls, calls: () => calls };
  };

  beforeEach(() => (now = 0));

  it('computes a key once while its report is fresh', async () => {
    const cached = createReportCache({ maxAgeMs: 1000, clock });
    const { compute, calls } = counter();
    expect(await Promise.all([cached('k', compute), cached('k', compute)])).toEqual([1, 1]);
    now = 1000;
    expect(await cached('k', compute)).toBe(1);
    expect(calls()).toBe(1);
  });

  it('serves the last report while one refresh runs, then the refreshed one', async () => {
    const cached = createReportCache({ maxAgeMs: 1000, clock });
    await cached('k', async () => 'first');
    now = 1001;
    let finish: (value: string) => void = () => undefined;
    let refreshes = 0;
    const slow = () => {
      refreshes += 1;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    expect(await cached('k', slow)).toBe('first');
    expect(await cached('k', slow)).toBe('first');
    expect(refreshes).toBe(1);
    finish('second');
    await settle();
    expect(await cached('k', slow)).toBe('second');
    expect(refreshes).toBe(1);
  });

  it('keeps keys apart and forgets a failed computation', async () => {
    const cached = createReportCache({ maxAgeMs: 1000, clock });
    await expect(cached('bad', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    await settle();
    expect(await cached('bad', async () => 'recovered')).toBe('recovered');
    expect(await cached('other', async () => 'other')).toBe('other');
  });

  it('holds at most maxEntries reports, dropping the oldest', async () => {
    const cached = createReportCache({ maxAgeMs: 1000, maxEntries: 2, clock });
    const { compute, calls } = counter();
    for (const key of ['a', 'b', 'c']) await cached(key, compute);
    await cached('a', compute);
    expect(calls()).toBe(4);
  });

  it('without serveStale, never answers older than maxAgeMs: later callers share one fresh computation', async () => {
    const cached = createReportCache({ maxAgeMs: 1000, clock, serveStale: false });
    expect(await cached('k', async () => 'first')).toBe('first');
    now = 1000;
    expect(await cached('k', async () => 'unused')).toBe('first');
    now = 1001;
    let finish: (value: string) => void = () => undefined;
    let computations = 0;
    const slow = () => {
      computations += 1;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const waiting = [cached('k', slow), cached('k', slow)];
    finish('second');
    expect(await Promise.all(waiting)).toEqual(['second', 'second']);
    expect(computations).toBe(1);
  });
});

describe("the managers' figures as of now, shared", () => {
  const counting = () => {
    const calls: string[] = [];
    const service = {
      stages: async () => calls.push('stages'),
      stalled: async () => calls.push('stalled'),
      reviews: async () => calls.push('reviews'),
      flow: async () => calls.push('flow'),
      waiting: async () => calls.push('waiting'),
    } as unknown as AnalyticsService;
    return { service, calls };
  };

  it('computes each filter once within liveMaxAgeMs, and a fixed instant or a past period every time', async () => {
    const { service, calls } = counting();
    const shared = withCachedReports(service, { waitingMaxAgeMs: 60_000, liveMaxAgeMs: 60_000 });
    await Promise.all([shared.stages({}), shared.stages({}), shared.stages({ team: 'north' })]);
    await shared.stalled({}, 50);
    await shared.stalled({}, 50);
    const now = new Date();
    await shared.flow({}, new Date(now.getTime() - 86_400_000), now);
    await shared.flow({}, new Date(now.getTime() - 86_400_000), now);
    await shared.flow({}, new Date(0), new Date(86_400_000));
    await shared.stages({}, new Date(0));
    expect(calls.sort()).toEqual(['flow', 'flow', 'stages', 'stages', 'stages', 'stalled']);
  });

  it('computes every time when liveMaxAgeMs is 0', async () => {
    const { service, calls } = counting();
    const shared = withCachedReports(service, { waitingMaxAgeMs: 60_000, liveMaxAgeMs: 0 });
    await shared.stages({});
    await shared.stages({});
    await shared.reviews({}, 10);
    await shared.reviews({}, 10);
    expect(calls).toEqual(['stages', 'stages', 'reviews', 'reviews']);
  });
});
