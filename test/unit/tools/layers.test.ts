import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const repo = resolve(__dirname, '..', '..', '..');

/** Files that do not exist, each with one import: whether the project's ESLint rules let it through. */
const cases: Array<[file: string, line: string, allowed: boolean]> = [
  ['app/probe.ts', "import { render } from '../web/render';", false],
  ['app/probe.ts', "import { registerApi } from '../api/register-api';", false],
  ['app/probe.ts', "import { isJourneyId } from '../domain/ids';", true],
  ['api/probe.ts', "import { createRenderer } from '../web/render';", false],
  ['api/probe.ts', "import type { Database } from '../db/schema';", false],
  ['api/probe.ts', "import { AppError } from '../app/errors';", true],
  ['web/routes/probe.ts', "import { openApiDocument } from '../../api/openapi';", false],
  ['web/routes/probe.ts', "import { readStream } from '../../db/event-store';", false],
  ['http/probe.ts', "import { createRenderer } from '../web/render';", false],
  ['db/probe.ts', "import { AppError } from '../app/errors';", false],
  ['db/probe.ts', "import { evolve } from '../domain/evolve';", true],
  ['lib/probe.ts', "import { evolve } from '../domain/evolve';", false],
  ['domain/probe.ts', "import { readFileSync } from 'node:fs';", false],
  ['domain/probe.ts', "import { connectDatabase } from '../db/connect';", false],
  ['workflows/probe.ts', "import { readStream } from '../db/event-store';", false],
  ['workflows/probe.ts', "import type { EventStoreActivities } from '../activities/event-store-activities';", true],
  ['workflows/probe.ts', "import { Pool } from 'pg';", false],
  ['workflows/probe.ts', "import { decide } from '../domain';", false],
  ['workflows/probe.ts', "import { decide } from '../domain/decide';", true],
  ['activities/probe.ts', "import { createApplication } from '../app/application';", false],
  ['worker/probe.ts', "import { buildServer } from '../server/build-server';", false],
];

/** Lints every case in one ESLint run (its configuration loads once), in a process of its own. */
async function lint(): Promise<boolean[]> {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(repo)} });
      const out = [];
      for (const [file, line] of cases) {
        const [result] = await eslint.lintText(line + '\\nexport const used = 1;\\n', { filePath: file });
        out.push(!result.messages.some((m) => m.ruleId === '@typescript-eslint/no-restricted-imports'));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, JSON.stringify(cases)], { cwd: repo });
  return JSON.parse(stdout) as boolean[];
}

describe('the layers, as the linter enforces them', () => {
  it('refuses every import that runs up or across the adapters, and lets the ones that run down through', async () => {
    const verdicts = await lint();
    expect(cases.map(([file, line], i) => [file, line, verdicts[i]])).toEqual(cases.map(([file, line, allowed]) => [file, line, allowed]));
  }, 60_000);
});
