import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundlerOptions, workflowsPath } from '../../worker/create-worker';
import { dataConverterFor } from '../../lib/payload-codec';
import { recordedHistoriesNamespace } from '../support/recorded-histories';

/**
 * Replays recorded histories of whole journeys (test/histories/, made by `npm run histories:record`)
 * against today's workflow code: a change that running journeys would see, without `patched()`, fails here.
 */
const historiesDir = join(__dirname, '..', 'histories');
const files = readdirSync(historiesDir).filter((file) => file.endsWith('.json')).sort();
const histories = () =>
  files.map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))) }));

const quiet = { warn: () => undefined, info: () => undefined, debug: () => undefined, trace: () => undefined, log: () => undefined, error: console.error };
// Histories recorded since payloads are encrypted need the (development) key; older ones pass through.
const dataConverter = dataConverterFor({}, recordedHistoriesNamespace);
const bundle = (path: string): Promise<WorkflowBundleWithSourceMap> => bundleWorkflowCode({ workflowsPath: path, ...workflowBundlerOptions, logger: quiet });

async function replayAll(workflowBundle: WorkflowBundleWithSourceMap, replayName: string) {
  const results: { workflowId: string; error?: unknown }[] = [];
  // Each batch needs its own replay name: replay workers with the same name share one bundle.
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName, dataConverter }, histories())) results.push(result);
  return results;
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
    expect(results.map((r) => [r.workflowId, r.error ? String(r.error) : 'ok'])).toEqual(files.map((f) => [f.replace(/\.json$/, ''), 'ok']));
  });

  it('fails replay when workflow logic changes without patched()', async () => {
    const results = await replayAll(await bundle(require.resolve('./altered-workflows')), 'altered');
    expect(results).toHaveLength(files.length);
    // Every run that opens a journey replays the change at its start and must fail. A continued run (run2)
    // starts with a timer either way, and the replayer does not compare timer durations, so it may pass.
    const opening = results.filter((result) => result.workflowId.endsWith('.run1'));
    expect(opening.length).toBeGreaterThanOrEqual(3);
    for (const result of opening) expect(String(result.error)).toMatch(/DeterminismViolationError: Replay failed with a nondeterminism error/);
  });

  it('replays the same change behind patched()', async () => {
    const results = await replayAll(await bundle(require.resolve('./patched-workflows')), 'patched');
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String(r.error)}`)).toEqual([]);
  });
});
