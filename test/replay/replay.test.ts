import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundlerOptions, workflowsPath } from '../../worker/create-worker';
import { dataConverterFor, encryptedDataConverter, payloadKeysFrom } from '../../lib/payload-codec';
import { recordedHistoriesNamespace } from '../support/recorded-histories';

/**
 * Replays recorded histories of whole journeys (test/histories/, made by `npm run histories:record`)
 * against today's workflow code: a change that running journeys would see, without `patched()`, fails here.
 */
const historiesDir = join(__dirname, '..', 'histories');
const files = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .sort();
const idOf = (file: string) => file.replace(/\.json$/, '');
const histories = (names: string[]) =>
  names.map((file) => ({ workflowId: idOf(file), history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))) }));
/** Recorded before payloads were encrypted: plain text, which only the fixtures' own codec lets through. */
const plaintextFiles = files.filter((file) => file.startsWith('before-event-messages.'));
const encryptedFiles = files.filter((file) => !plaintextFiles.includes(file));

const quiet = {
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  log: () => undefined,
  error: console.error,
};
// The development key, as the recorder uses; every running journey's codec refuses plain text.
const strict = dataConverterFor({}, recordedHistoriesNamespace);
const forPlaintextFixtures = encryptedDataConverter(payloadKeysFrom(undefined), {
  namespace: recordedHistoriesNamespace,
  insecureAcceptPlaintextForTestHistories: true,
});
const bundle = (path: string): Promise<WorkflowBundleWithSourceMap> =>
  bundleWorkflowCode({ workflowsPath: path, ...workflowBundlerOptions, logger: quiet });

type Replayed = { workflowId: string; error?: unknown };
async function replay(workflowBundle: WorkflowBundleWithSourceMap, replayName: string, names: string[], dataConverter: typeof strict) {
  const results: Replayed[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName, dataConverter }, histories(names)))
    results.push(result);
  return results;
}

/** Every recorded history, each with its codec, in file order. */
async function replayAll(workflowBundle: WorkflowBundleWithSourceMap, replayName: string) {
  // Each batch needs its own replay name: replay workers with the same name share one bundle.
  const results = [
    ...(await replay(workflowBundle, replayName, encryptedFiles, strict)),
    ...(await replay(workflowBundle, `${replayName}-plaintext`, plaintextFiles, forPlaintextFixtures)),
  ];
  return files.map((file) => results.find((result) => result.workflowId === idOf(file))!);
}

describe('replay of recorded journey histories', () => {
  beforeAll(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Installed already in this process.
    }
  });

  it('has recorded histories of whole journeys, including a continued run', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(files).toEqual(expect.arrayContaining(['full-journey-with-review.run1.json', 'full-journey-with-review.run2.json']));
  });

  it('replays every recorded history with the current workflow code', async () => {
    const results = await replayAll(await bundle(workflowsPath), 'current');
    expect(results.map((r) => [r.workflowId, r.error ? String(r.error) : 'ok'])).toEqual(files.map((f) => [idOf(f), 'ok']));
  });

  it('refuses the plain-text histories with the codec every client and worker has', async () => {
    expect(plaintextFiles).toHaveLength(4);
    const results = await replay(await bundle(workflowsPath), 'strict', plaintextFiles, strict);
    expect(results).toHaveLength(plaintextFiles.length);
    // The same histories, bundle and key replay above with the fixtures' codec: only the refusal differs. Its
    // message is encrypted by the failure converter, so the error says only that the workflow task failed.
    for (const result of results) {
      expect(String(result.error)).toMatch(/Replay failed due workflow task failure/);
      expect(String(result.error)).not.toMatch(/[Nn]ondeterminism/);
    }
  });

  it('fails replay when workflow logic changes without patched()', async () => {
    const results = await replayAll(await bundle(require.resolve('./altered-workflows')), 'altered');
    expect(results).toHaveLength(files.length);
    // Every run that opens a journey replays the change at its start and must fail. A continued run (run2)
    // starts with a timer either way, and the replayer does not compare timer durations, so it may pass.
    const opening = results.filter((result) => result.workflowId.endsWith('.run1'));
    expect(opening.length).toBeGreaterThanOrEqual(3);
    for (const result of opening)
      expect(String(result.error)).toMatch(/DeterminismViolationError: Replay failed with a nondeterminism error/);
  });

  it('replays the same change behind patched()', async () => {
    const results = await replayAll(await bundle(require.resolve('./patched-workflows')), 'patched');
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String(r.error)}`)).toEqual([]);
  });
});
