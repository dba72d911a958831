import { serverTimingMs } from '../api/server-timing';

/** Latency figures of one load run, in milliseconds, and the throughput. */
export interface LoadResult {
  requests: number;
  errors: number;
  /** At the client: from sending the request to the last byte of the answer. */
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  /** At the server, from each answer's Server-Timing header (NaN where the server sends none). */
  server: { p50: number; p95: number; p99: number };
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/**
 * A closed loop: `clients` concurrent callers each send the next request as soon as the last answered,
 * for `seconds`, after a warm-up. Every latency is kept, so percentiles are exact, not estimated.
 */
export async function runLoad(url: string, headers: Record<string, string>, clients: number, seconds: number, warmupSeconds = 1): Promise<LoadResult> {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    return { ms: performance.now() - started, ok: response.ok, serverMs: serverTimingMs(response.headers.get('server-timing')) };
  };
  const loop = async (until: number, sink?: { latencies: number[]; server: number[]; errors: number }) => {
    while (performance.now() < until) {
      const { ms, ok, serverMs } = await once();
      if (!sink) continue;
      if (!ok) sink.errors += 1;
      else {
        sink.latencies.push(ms);
        if (serverMs !== null) sink.server.push(serverMs);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, () => loop(performance.now() + warmupSeconds * 1000)));
  const sink = { latencies: [] as number[], server: [] as number[], errors: 0 };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, () => loop(started + seconds * 1000, sink)));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = sink.latencies.sort((a, b) => a - b);
  const server = sink.server.sort((a, b) => a - b);
  return {
    server: { p50: percentile(server, 0.5), p95: percentile(server, 0.95), p99: percentile(server, 0.99) },
    requests: sorted.length,
    errors: sink.errors,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    rps: (sorted.length + sink.errors) / elapsed,
  };
}
