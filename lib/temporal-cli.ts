import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The CLI release we build: later tags carry a replace directive and refuse `go install`. */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** Where built CLIs are cached: outside git, shared by every clone on this machine. */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.TEMPORAL_CLI_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'personal-budget-engine');
  return join(base, 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function findGo(env: NodeJS.ProcessEnv): string | null {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/local/go/bin', join(homedir(), 'go', 'bin')];
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, 'go'))) return join(dir, 'go');
  }
  return null;
}

export class TemporalCliUnavailable extends Error {
  override readonly name = 'TemporalCliUnavailable';
}

/**
 * Finds the Temporal CLI (which contains the dev server): `TEMPORAL_CLI_PATH` if set, else a cached build,
 * else builds one with `go install` into the cache. The first build takes a few minutes; progress goes
 * to stderr.
 */
export async function ensureTemporalCli(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.TEMPORAL_CLI_PATH) {
    if (!existsSync(env.TEMPORAL_CLI_PATH))
      throw new TemporalCliUnavailable(`TEMPORAL_CLI_PATH points at ${env.TEMPORAL_CLI_PATH}, which does not exist.`);
    return env.TEMPORAL_CLI_PATH;
  }
  const cacheDir = cliCacheDir(env);
  const cached = join(cacheDir, 'temporal');
  if (existsSync(cached)) return cached;

  const go = findGo(env);
  if (!go)
    throw new TemporalCliUnavailable(
      'No Temporal CLI found and no Go toolchain to build one. Either install Go 1.23+ (https://go.dev/dl/) ' +
        `so that this script can run \`go install ${MODULE}@v${TEMPORAL_CLI_VERSION}\`, or download the Temporal CLI ` +
        '(https://temporal.io/setup/install-temporal-cli) and set TEMPORAL_CLI_PATH to the binary.',
    );

  mkdirSync(cacheDir, { recursive: true });
  // Build into a private folder and rename: two processes building at once never see a half-written binary.
  const staging = mkdtempSync(join(cacheDir, 'build-'));
  process.stderr.write(`Building the Temporal CLI v${TEMPORAL_CLI_VERSION} with ${go} (first time only; takes a few minutes)...\n`);
  const started = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', '-v', `${MODULE}@v${TEMPORAL_CLI_VERSION}`], {
        env: { ...env, GOBIN: staging },
        stdio: ['ignore', 'inherit', 'pipe'],
      });
      let packages = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          // `-v` prints one package path per line: count those, and show everything else (downloads, errors).
          if (/^[\w.~-]+(\/[\w.~+-]+)*$/.test(line.trim())) {
            if (++packages % 100 === 0) process.stderr.write(`  compiled ${packages} packages...\n`);
          } else if (line.trim()) process.stderr.write(`${line}\n`);
        }
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with code ${code}`))));
    });
    renameSync(join(staging, 'temporal'), cached);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  process.stderr.write(`Built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s: ${cached}\n`);
  return cached;
}

/** The CLI's own version line, for logs and the README. */
export function temporalCliVersion(cliPath: string): string {
  return spawnSync(cliPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
}
