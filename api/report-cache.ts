import type { AnalyticsFilter, AnalyticsService } from './analytics-service';

interface Entry<T> {
  computedAt: number;
  value: Promise<T>;
  refreshing: boolean;
}

/**
 * Serves an expensive report from memory: the latest result for its key, recomputed in the background
 * once it is older than `maxAgeMs`, so that readers never queue behind the computation. Only the first
 * request for a key waits. A failed computation is forgotten, so the next request tries again.
 */
export function createReportCache(options: { maxAgeMs: number; maxEntries?: number; clock?: () => number }) {
  const clock = options.clock ?? Date.now;
  const maxEntries = options.maxEntries ?? 200;
  const entries = new Map<string, Entry<unknown>>();

  const start = <T>(key: string, compute: () => Promise<T>): Entry<T> => {
    const entry: Entry<T> = { computedAt: clock(), value: compute(), refreshing: false };
    entry.value.catch(() => entries.get(key) === entry && entries.delete(key));
    entries.delete(key);
    entries.set(key, entry);
    // Oldest first in a Map: drop those beyond the bound.
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
    return entry;
  };

  return async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const entry = entries.get(key) as Entry<T> | undefined;
    if (!entry) return start(key, compute).value;
    if (clock() - entry.computedAt > options.maxAgeMs && !entry.refreshing) {
      entry.refreshing = true;
      const next = compute();
      next.then(
        (value) => entries.get(key) === entry && entries.set(key, { computedAt: clock(), value: Promise.resolve(value), refreshing: false }),
        () => (entry.refreshing = false),
      );
    }
    return entry.value;
  };
}

const ROLLING_SLACK_MS = 1000;

/**
 * Waiting time over a period reaching up to now is the one dashboard figure that cannot come from a few
 * counter rows: it sums every wait that overlaps the period and takes a median per journey (about
 * 250 ms at 100,000 journeys). Such rolling periods are served from a report at most `maxAgeMs` old;
 * its `to` says the instant its figures are for. Periods wholly in the past are computed as asked.
 */
export function withCachedWaiting(analytics: AnalyticsService, maxAgeMs: number): AnalyticsService {
  const cached = createReportCache({ maxAgeMs });
  return {
    ...analytics,
    waiting(filter: AnalyticsFilter, from: Date, to: Date, now = new Date()) {
      // A caller asking up to "now" took its clock a moment before we did.
      if (now.getTime() - to.getTime() > ROLLING_SLACK_MS) return analytics.waiting(filter, from, to, now);
      const key = JSON.stringify([filter.team ?? null, filter.pathway ?? null, to.getTime() - from.getTime()]);
      return cached(key, () => {
        const at = new Date();
        return analytics.waiting(filter, new Date(at.getTime() - (to.getTime() - from.getTime())), at, at);
      });
    },
  };
}
