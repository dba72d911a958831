import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../lib/temporal-dev-server';

/** `npm run worker` as a real child process, so that a test can SIGKILL it. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv, timeoutMs = 60_000, script = 'worker/main.ts'): Promise<ChildProcess> {
  // tsx as a loader in this very process (not the tsx CLI, which runs the program in a child), so that
  // the pid we kill is the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script)], {
    cwd: repoRoot,
    // The test systems run in development (their payloads under the development key), as this worker must.
    env: { ...process.env, AUTH_MODE: 'development', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in time:\n${output}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Worker polling')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
  return child;
}

export async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
