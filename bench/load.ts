import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { serverTimingMs } from '../http/server-timing';

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

interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  clients: number;
  seconds: number;
  warmupSeconds: number;
}

/**
 * A closed loop: `clients` concurrent callers each send the next request as soon as the last answered,
 * for `seconds`, after a warm-up. Every latency is kept, so percentiles are exact, not estimated. The
 * callers run in a child process of their own, so that the server under test (often in this process)
 * does not share its event loop with them; they use node:http with keep-alive, which costs a fraction
 * of what fetch does per request.
 */
export function runLoad(
  url: string,
  headers: Record<string, string>,
  clients: number,
  seconds: number,
  warmupSeconds = 1,
): Promise<LoadResult> {
  const spec: LoadSpec = { url, headers, clients, seconds, warmupSeconds };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
      env: { ...process.env, LOAD_SPEC: JSON.stringify(spec) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load client exited with ${code}`)),
    );
  });
}

/** The child's side: runs the loop and prints the result as JSON. */
async function clientMain(spec: LoadSpec): Promise<void> {
  const target = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.clients });
  const once = () =>
    new Promise<{ ms: number; ok: boolean; serverMs: number | null }>((resolve) => {
      const started = performance.now();
      const req = request(
        { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: spec.headers, agent },
        (res) => {
          res.resume();
          const timing = res.headers['server-timing'];
          res.once('end', () =>
            resolve({
              ms: performance.now() - started,
              ok: (res.statusCode ?? 500) < 400,
              serverMs: serverTimingMs(Array.isArray(timing) ? timing.join(', ') : (timing ?? null)),
            }),
          );
        },
      );
      req.once('error', () => resolve({ ms: performance.now() - started, ok: false, serverMs: null }));
      req.end();
    });
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
  await Promise.all(Array.from({ length: spec.clients }, () => loop(performance.now() + spec.warmupSeconds * 1000)));
  const sink = { latencies: [] as number[], server: [] as number[], errors: 0 };
  const started = performance.now();
  await Promise.all(Array.from({ length: spec.clients }, () => loop(started + spec.seconds * 1000, sink)));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = sink.latencies.sort((a, b) => a - b);
  const server = sink.server.sort((a, b) => a - b);
  const result: LoadResult = {
    requests: sorted.length,
    errors: sink.errors,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    rps: (sorted.length + sink.errors) / elapsed,
    server: { p50: percentile(server, 0.5), p95: percentile(server, 0.95), p99: percentile(server, 0.99) },
  };
  agent.destroy();
  process.stdout.write(JSON.stringify(result));
}

if (process.env.LOAD_SPEC && require.main === module) void clientMain(JSON.parse(process.env.LOAD_SPEC) as LoadSpec);
