import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { percentile } from './load';

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (Linux). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / clockTicks();
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU seconds of this process's threads, grouped: the main thread (the API, activities, the load client),
 * threads named by their runtime (the SDK's Rust core names its own), and the other Node threads (workflow
 * worker threads, V8's helpers and the libuv pool, all called "node").
 */
export function threadCpuSeconds(): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      const name = Number(tid) === process.pid ? 'main thread' : comm === 'node' ? 'other node threads' : comm.replace(/[-\d]+$/, '');
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName.set(name, (byName.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / clockTicks());
    } catch {
      // The thread ended meanwhile.
    }
  }
  return byName;
}

/** Resident memory of a process in bytes, from /proc/<pid>/status. */
export function processRssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

export interface CpuSample {
  wallMs: number;
  /** This process: the API, the in-process worker and the load client. */
  selfSeconds: number;
  /** The Temporal dev server. */
  serverSeconds: number;
}

/** Starts a CPU and wall clock over this process and the given server process; `stop` gives the deltas. */
export function cpuMeter(serverPid: number): { stop(): CpuSample } {
  const wall = performance.now();
  const self = process.cpuUsage();
  const server = processCpuSeconds(serverPid);
  return {
    stop() {
      const used = process.cpuUsage(self);
      return {
        wallMs: performance.now() - wall,
        selfSeconds: (used.user + used.system) / 1e6,
        serverSeconds: processCpuSeconds(serverPid) - server,
      };
    },
  };
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(sorted.length, 1);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    mean,
  };
}

export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
export const ratio = (ours: number, base: number) => `${fixed(ours / base, 2)}x`;

/** The line every bench prints first: what it ran on, at which commit, and how busy the machine was. */
export function machineLine(): string {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim())
      commit += ' (tree has uncommitted changes)';
  } catch {
    // Not a git checkout.
  }
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const tried = process.env.BENCH_DYNAMIC_CONFIG ? `; dev server dynamic config ${process.env.BENCH_DYNAMIC_CONFIG}` : '';
  return `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; commit ${commit}; load average ${load}; ${new Date().toISOString()}${tried}`;
}

export const out = (line = '') => process.stdout.write(`${line}\n`);
export const note = (line: string) => process.stderr.write(`${line}\n`);

/** Polls until `check` is true, or throws with `what` after the deadline. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Runs `task` for each item with at most `concurrency` at once. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
