import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import type { TcpProxy } from '../../test/support/tcp-proxy';
import { killHard, startWorkerProcess } from '../../test/support/worker-process';
import type { BenchEnv } from '../bench-env';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The application name the chaos worker's connections carry, so that its transactions can be seen. */
export const workerApplicationName = 'pbe-chaos-worker';

/** The worker as a killable child process on the proxied database. */
export class ChaosWorker {
  child: ChildProcess | undefined;
  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const child = await startWorkerProcess(this.env, 120_000, 'bench/bench-worker.ts');
    // Never outlives the run, even if the run itself dies.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    this.child = child;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child!.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /**
   * SIGKILL while one of its activities is inside a database transaction (seen in pg_stat_activity by its
   * application name), or after `withinMs` at the latest; says which it was.
   */
  async killMidActivity(adminUrl: string, withinMs = 10_000): Promise<string> {
    const watcher = new Client({ connectionString: adminUrl });
    await watcher.connect();
    let found = false;
    try {
      const deadline = Date.now() + withinMs;
      while (Date.now() < deadline && !found) {
        const { rows } = await watcher.query(
          "select count(*)::int as n from pg_stat_activity where application_name = $1 and (state = 'idle in transaction' or (state = 'active' and xact_start is not null))",
          [workerApplicationName],
        );
        found = rows[0].n > 0;
        if (!found) await sleep(5);
      }
    } finally {
      await watcher.end();
    }
    await killHard(this.child!);
    return found ? 'mid-transaction of an activity' : 'no transaction seen in time: killed anyway';
  }
}

export interface Fault {
  name: string;
  run(): Promise<string>;
}

/** The three faults of a chaos run; each resolves when the system has its part back. */
export function faults(options: {
  env: BenchEnv;
  worker: ChaosWorker;
  proxy: TcpProxy;
  adminUrl: string;
  outageMs: number;
  random: () => number;
}): Fault[] {
  const { env, worker, proxy } = options;
  return [
    {
      name: 'worker SIGKILL',
      async run() {
        const how = await worker.killMidActivity(options.adminUrl);
        const downMs = Math.round(options.random() * 3000);
        await sleep(downMs);
        await worker.start();
        return `${how}; restarted after ${downMs} ms`;
      },
    },
    {
      name: 'dev server restart',
      async run() {
        const server = env.dev.server;
        const exited = new Promise((resolve) => server.process.once('exit', resolve));
        server.process.kill('SIGKILL');
        await exited;
        const started = Date.now();
        await env.dev.restart();
        return `SIGKILL, back on the same SQLite file in ${Date.now() - started} ms`;
      },
    },
    {
      name: 'PostgreSQL cut',
      async run() {
        proxy.cut();
        await sleep(options.outageMs);
        proxy.restore();
        return `unreachable for ${options.outageMs / 1000} s from the API and the worker`;
      },
    },
  ];
}
