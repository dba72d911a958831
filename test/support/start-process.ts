import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/temporal-dev-server';

export interface StartedProcess {
  child: ChildProcess;
  output(): string;
  /** Sends SIGINT, as Ctrl-C does, and resolves with the exit code. */
  interrupt(timeoutMs?: number): Promise<number | null>;
}

export interface StartOptions {
  /** The entry point under the repository, `scripts/start.ts` (`npm start`) unless told. */
  script?: string;
  args?: string[];
  /** Ready once this line is in the output too, not only when `readyUrl` answers. */
  readyOutput?: RegExp;
  timeoutMs?: number;
}

/** Runs `npm start`'s entry point (or another script's) as a real child process with the given environment. */
export async function startProcess(env: NodeJS.ProcessEnv, readyUrl: string, options: StartOptions = {}): Promise<StartedProcess> {
  const { script = 'scripts/start.ts', args = [], readyOutput, timeoutMs = 120_000 } = options;
  // tsx as a loader in this process, so that our signals reach the program itself, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited early with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy && (!readyOutput || readyOutput.test(output))) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`start did not become healthy in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    child,
    output: () => output,
    async interrupt(waitMs = 30_000) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), waitMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * True while a process with this id runs. A zombie has exited: only its exit status waits to be collected
 * (by init, here, once its parent is gone; the esbuild helper of tsx ends up so).
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (name) state ...", the name in parentheses may itself hold spaces.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The processes below `pid` (its children, theirs, ...), as `ps` sees them now. */
export function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((row): row is [number, number] => row.length === 2 && row.every(Number.isFinite));
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0;) {
    const next = rows.filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...next);
    frontier = next;
  }
  return found;
}
