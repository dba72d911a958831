import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../lib/temporal-dev-server';

export interface StartedProcess {
  child: ChildProcess;
  output(): string;
  /** Sends SIGINT, as Ctrl-C does, and resolves with the exit code. */
  interrupt(timeoutMs?: number): Promise<number | null>;
}

/** Runs `npm start`'s entry point as a real child process with the given environment. */
export async function startProcess(env: NodeJS.ProcessEnv, readyUrl: string, timeoutMs = 120_000): Promise<StartedProcess> {
  // tsx as a loader in this process, so that our signals reach the program itself, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/start.ts')], {
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
    const healthy = await fetch(readyUrl).then((r) => r.ok, () => false);
    if (healthy) break;
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

/** True while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
