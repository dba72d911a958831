import { WorkflowNotFoundError } from '@temporalio/common';
import { startMissingWorkflows } from '../../demo/start-workflows';
import { DAY_MS, generateWorkload } from '../../workload';
import { journeyWorkflowId } from '../../domain/ids';
import { createDatabase, dropDatabase } from '../support/databases';
import { journeyDriver } from '../support/journey-driver';
import { testEnv } from '../support/test-env';
import { manager, startTestSystem, type TestSystem } from '../support/test-system';

/**
 * A synthetic workload is events only, with no workflow behind its journeys. A command to such a journey
 * is refused with a clear 409 (not a 500), and `startMissingWorkflows` (run by `npm run demo`) gives each
 * open one its workflow, folded from its events, so that it can be driven like any other.
 */
let databaseUrl: string;
let system: TestSystem;
let openIds: string[];

beforeAll(async () => {
  // A database of its own: every open journey in it is this file's, with no workflow yet.
  databaseUrl = await createDatabase(testEnv.adminDatabaseUrl, 'pbe_synthetic');
  system = await startTestSystem({ DATABASE_URL: databaseUrl });
  await generateWorkload(system.db, { journeys: 24, seed: 5, concurrency: 4 });
  openIds = (await system.db.selectFrom('journeys').select('journey_id').where('status', '=', 'open').orderBy('journey_id').execute()).map(
    (r) => r.journey_id,
  );
}, 60_000);

afterAll(async () => {
  await system?.stop();
  if (databaseUrl) await dropDatabase(testEnv.adminDatabaseUrl, databaseUrl);
});

const assign = (journeyId: string, coordinator: string) =>
  journeyDriver(system).send(journeyId, { type: 'assign_coordinator', coordinator }, manager);
// Synthetic journeys belong to every team: a manager sees them all.
const read = async (path: string) => {
  const answer = await system.request('GET', path, { as: manager });
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
  return answer.body;
};

describe('journeys written straight into the event store', () => {
  test('a command to one with no workflow is a 409 saying so, and changes nothing', async () => {
    expect(openIds.length).toBeGreaterThan(3);
    const journeyId = openIds[0]!;
    const before = await read(`/api/journeys/${journeyId}`);
    const answer = await assign(journeyId, 'newcomer');
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('workflow_not_running');
    expect(answer.body.error.message).toMatch(/no workflow is running.*nothing was changed/);
    expect((await read(`/api/journeys/${journeyId}`)).version).toBe(before.version);
  });

  test('each open one gets its workflow from its events, takes a command after its last event, and is started once', async () => {
    const result = await startMissingWorkflows({
      db: system.db,
      temporal: system.temporal,
      taskQueue: system.config.TEMPORAL_TASK_QUEUE,
      policyDayMs: DAY_MS,
      concurrency: 4,
    });
    expect(result).toEqual({ open: openIds.length, started: openIds.length, finished: 0 });

    for (const journeyId of [openIds[0]!, openIds.at(-1)!]) {
      const before = await read(`/api/journeys/${journeyId}`);
      const answer = await assign(journeyId, 'newcomer');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ journeyId, coordinator: 'newcomer', stage: before.stage, version: before.version + 1 });
      // The workflow's state was the fold of the synthetic events: its append followed on from their version.
      const { events } = await read(`/api/journeys/${journeyId}/events`);
      expect(events.at(-1)).toMatchObject({
        version: before.version + 1,
        type: 'coordinator_assigned',
        actor: { sub: manager.sub, role: 'manager' },
      });
    }
    // Closed journeys get none: nothing is left to drive.
    const closed = await system.db.selectFrom('journeys').select('journey_id').where('status', '=', 'closed').limit(1).executeTakeFirst();
    if (closed)
      await expect(system.temporal.workflow.getHandle(journeyWorkflowId(closed.journey_id)).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );

    const again = await startMissingWorkflows({
      db: system.db,
      temporal: system.temporal,
      taskQueue: system.config.TEMPORAL_TASK_QUEUE,
      policyDayMs: DAY_MS,
    });
    expect(again).toEqual({ open: openIds.length, started: 0, finished: 0 });
  });
});
