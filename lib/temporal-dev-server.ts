import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { parse } from 'yaml';
import { z } from 'zod';

const SearchAttributeType = z.enum(['Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList']);

/** The shape of `temporal-dev.yml`. */
export const DevServerConfig = z.object({
  ip: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(7233),
  uiPort: z.number().int().min(0).max(65535).default(8233),
  headless: z.boolean().default(false),
  namespace: z.string().min(1).default('default'),
  dbFile: z.string().nullable().default(null),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'never']).default('warn'),
  sqlitePragmas: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  searchAttributes: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), SearchAttributeType).default({}),
  dynamicConfig: z.record(z.string(), z.unknown()).default({}),
});
export type DevServerConfig = z.infer<typeof DevServerConfig>;

export const repoRoot = join(__dirname, '..');

export function loadDevServerConfig(path = join(repoRoot, 'temporal-dev.yml')): DevServerConfig {
  return DevServerConfig.parse(parse(readFileSync(path, 'utf8')));
}

/** Turns our description into `temporal server start-dev` flags. A null dbFile runs in memory. */
export function devServerFlags(config: DevServerConfig): string[] {
  const flags = ['server', 'start-dev', '--ip', config.ip, '--port', String(config.port), '--log-level', config.logLevel];
  if (config.headless) flags.push('--headless');
  else flags.push('--ui-port', String(config.uiPort));
  if (config.namespace !== 'default') flags.push('--namespace', config.namespace);
  if (config.dbFile) {
    flags.push('--db-filename', isAbsolute(config.dbFile) ? config.dbFile : join(repoRoot, config.dbFile));
    for (const [pragma, value] of Object.entries(config.sqlitePragmas)) flags.push('--sqlite-pragma', `${pragma}=${value}`);
  }
  for (const [name, type] of Object.entries(config.searchAttributes)) flags.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(config.dynamicConfig)) flags.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return flags;
}

export interface RunningDevServer {
  address: string;
  namespace: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the dev server and resolves once its namespace answers; rejects if it exits first. */
export async function startDevServer(
  cliPath: string,
  config: DevServerConfig,
  options: { timeoutMs?: number; stdio?: 'inherit' | 'ignore'; detached?: boolean } = {},
): Promise<RunningDevServer> {
  if (config.dbFile) mkdirSync(dirname(isAbsolute(config.dbFile) ? config.dbFile : join(repoRoot, config.dbFile)), { recursive: true });
  // `detached` puts it in its own process group, so that a terminal's Ctrl-C reaches only us and we can
  // stop the server last, after the worker. Either way it never outlives this process.
  const child = spawn(cliPath, devServerFlags(config), {
    stdio: ['ignore', options.stdio ?? 'ignore', 'inherit'],
    detached: options.detached ?? false,
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const address = `${config.ip}:${config.port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`Temporal dev server exited early (code ${code}, signal ${signal})`))),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };
  try {
    await Promise.race([waitForNamespace(address, config.namespace, options.timeoutMs ?? 60_000), exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  exited.catch(() => undefined);
  return { address, namespace: config.namespace, process: child, stop };
}

async function waitForNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`Temporal dev server at ${address} did not become ready: ${String(lastError)}`);
}
