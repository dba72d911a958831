import type { AnalyticsFilter, AnalyticsService } from './analytics-service';

interface Entry<T> {
  computedAt: number;
  value: Promise<T>;
  refreshing: boolean;
}

/**
 * Serves an expensive report from memory: the latest result for its key, recomputed once it is older
 * than `maxAgeMs`, one computation at a time whoever asks. With `serveStale` (the default) readers never
 * queue behind the computation: they get the last result while the next is computed in the background, and
 * only the first request for a key waits. Without it, a result is never older than `maxAgeMs`: readers
 * after that share the one recomputation. A failed computation is forgotten, so the next request tries again.
 */
export function createReportCache(options: { maxAgeMs: number; maxEntries?: number; clock?: () => number; serveStale?: boolean }) {
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
    if (options.serveStale === false) return clock() - entry.computedAt > options.maxAgeMs ? start(key, compute).value : entry.value;
    if (clock() - entry.computedAt > options.maxAgeMs && !entry.refreshing) {
      entry.refreshing = true;
      const next = compute();
      next.then(
        (value) =>
          entries.get(key) === entry && entries.set(key, { computedAt: clock(), value: Promise.resolve(value), refreshing: false }),
        () => (entry.refreshing = false),
      );
    }
    return entry.value;
  };
}

const ROLLING_SLACK_MS = 1000;

export interface ReportAges {
  /** Waiting time over a period up to now: served from a report at most this old, recomputed behind it. */
  waitingMaxAgeMs: number;
  /** Stages, stalled journeys, reviews, and flow up to now: a result at most this old; 0 computes every time. */
  liveMaxAgeMs: number;
}

/**
 * The managers' figures as of now, shared by everyone who asks within a moment. Waiting time over a
 * period reaching up to now is the one figure that cannot come from a few counter rows: it sums every wait
 * that overlaps the period and takes a median per journey (about 250 ms at 100,000 journeys). Such rolling
 * periods are served from a report at most `waitingMaxAgeMs` old; its `to` says the instant its figures are
 * for. The others come from counters in a few milliseconds, but a few milliseconds of PostgreSQL's CPU
 * for each of twenty managers refreshing the same view is what saturates a small server; so the result
 * for one filter is computed once and shared for `liveMaxAgeMs` (each answer's `asOf` or `to` says when
 * it was computed), never older. Periods wholly in the past are computed as asked.
 */
export function withCachedReports(analytics: AnalyticsService, ages: ReportAges): AnalyticsService {
  const waiting = createReportCache({ maxAgeMs: ages.waitingMaxAgeMs });
  const live = createReportCache({ maxAgeMs: ages.liveMaxAgeMs, serveStale: false });
  const shared = <T>(key: unknown[], compute: () => Promise<T>) => (ages.liveMaxAgeMs > 0 ? live(JSON.stringify(key), compute) : compute());
  const filterKey = (filter: AnalyticsFilter) => [filter.team ?? null, filter.pathway ?? null];
  // A caller asking up to "now" took its clock a moment before we did.
  const rolling = (to: Date, now: Date) => now.getTime() - to.getTime() <= ROLLING_SLACK_MS;
  return {
    ...analytics,
    stages: (filter, now) =>
      now ? analytics.stages(filter, now) : shared(['stages', ...filterKey(filter)], () => analytics.stages(filter)),
    stalled: (filter, limit, now) =>
      now
        ? analytics.stalled(filter, limit, now)
        : shared(['stalled', ...filterKey(filter), limit], () => analytics.stalled(filter, limit)),
    reviews: (filter, limit, now) =>
      now
        ? analytics.reviews(filter, limit, now)
        : shared(['reviews', ...filterKey(filter), limit], () => analytics.reviews(filter, limit)),
    flow(filter: AnalyticsFilter, from: Date, to: Date) {
      if (!rolling(to, new Date())) return analytics.flow(filter, from, to);
      const span = to.getTime() - from.getTime();
      return shared(['flow', ...filterKey(filter), span], () => {
        const at = new Date();
        return analytics.flow(filter, new Date(at.getTime() - span), at);
      });
    },
    waiting(filter: AnalyticsFilter, from: Date, to: Date, now = new Date()) {
      if (!rolling(to, now)) return analytics.waiting(filter, from, to, now);
      const key = JSON.stringify([...filterKey(filter), to.getTime() - from.getTime()]);
      return waiting(key, () => {
        const at = new Date();
        return analytics.waiting(filter, new Date(at.getTime() - (to.getTime() - from.getTime())), at, at);
      });
    },
  };
}
