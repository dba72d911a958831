const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);

/** How long one answer serves every caller: a load balancer's probes, or a flood, cost one check a second. */
const SHARED_MS = 1000;

export interface HealthAnswer {
  healthy: boolean;
  checks: { database: 'ok' | 'unavailable'; temporal: 'ok' | 'unavailable' };
}

/**
 * Whether the database and Temporal answer, each within 2 s: what `GET /health` reports. One check runs
 * at a time and its answer is shared for a second, so asking often costs the dependencies nothing more.
 */
export function createHealthCheck(probes: { database: () => Promise<unknown>; temporal: () => Promise<unknown> }, clock = Date.now) {
  let last: { at: number; answer: Promise<HealthAnswer> } | undefined;
  const check = async (probe: () => Promise<unknown>) => {
    try {
      await within(2000, probe());
      return 'ok' as const;
    } catch {
      return 'unavailable' as const;
    }
  };
  const run = async (): Promise<HealthAnswer> => {
    const [database, temporal] = await Promise.all([check(probes.database), check(probes.temporal)]);
    return { healthy: database === 'ok' && temporal === 'ok', checks: { database, temporal } };
  };
  return function health(): Promise<HealthAnswer> {
    if (!last || clock() - last.at > SHARED_MS) last = { at: clock(), answer: run() };
    return last.answer;
  };
}
