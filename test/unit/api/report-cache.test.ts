import { createReportCache } from '../../../api/report-cache';

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
});
