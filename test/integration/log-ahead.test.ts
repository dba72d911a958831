import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { appendToStream } from '../../db/event-store';
import { journeyProjectors } from '../../db/projections';
import { decide, type Command, type JourneyState } from '../../domain';
import { dataConverterFor } from '../../lib/payload-codec';
import { executeCommand, journeyState } from '../../workflows/journey-contract';
import { journeyStreamId, journeyWorkflowId } from '../../domain/ids';
import { journeyDriver } from '../support/journey-driver';
import { testEnv } from '../support/test-env';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * Appends are local activities: they commit inside a workflow task that a crash may lose, so the log can
 * be ahead of the workflow's own history. These tests write such an append straight into the log (as the
 * lost workflow task did), then send commands, and check the workflow adopts what the log holds.
 */
describe('a journey whose event log is ahead of its workflow', () => {
  let system: TestSystem;
  let connection: Connection;
  let client: Client;
  beforeAll(async () => {
    system = await startTestSystem();
    connection = await Connection.connect({ address: testEnv.temporalAddress });
    client = new Client({
      connection,
      namespace: system.config.TEMPORAL_NAMESPACE,
      dataConverter: dataConverterFor(system.config, system.config.TEMPORAL_NAMESPACE),
    });
  });
  afterAll(async () => {
    await connection.close();
    await system.stop();
  });

  const actor = { sub: 'alice', role: 'coordinator' } as const;

  /** Appends the events `command` decides on the journey's read-model state, as a lost workflow task would have. */
  async function appendBehindTheWorkflowsBack(journeyId: string, command: Command, commandId: string) {
    const row = await system.db.selectFrom('journeys').select('state').where('journey_id', '=', journeyId).executeTakeFirstOrThrow();
    const state = row.state as JourneyState;
    const occurredAt = new Date().toISOString();
    const events = decide(command, state, { actor }).map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      data: event.data,
      actor,
      occurredAt,
      commandId,
    }));
    const result = await appendToStream(
      system.db,
      journeyStreamId(journeyId),
      state.version,
      events,
      journeyProjectors(system.config.POLICY_DAY_MS),
    );
    expect(result.duplicate).toBe(false);
    return events;
  }

  it('answers a command sent again after its answer was lost from the log, without applying it twice', async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    const handle = client.workflow.getHandle(journeyWorkflowId(id));
    const command: Command = { type: 'assign_coordinator', coordinator: 'alice' };
    const written = await appendBehindTheWorkflowsBack(id, command, 'lost-answer');

    const outcome = await handle.executeUpdate(executeCommand, { updateId: 'lost-answer', args: [{ command, actor }] });
    expect(outcome.events).toEqual(written.map((event) => event.type));
    const events = await drive.events(id);
    expect(events.filter((event) => event.type === 'coordinator_assigned')).toHaveLength(1);
    expect(outcome.version).toBe(events.length);
    // The workflow's state is the log's again.
    const row = await system.db.selectFrom('journeys').select('state').where('journey_id', '=', id).executeTakeFirstOrThrow();
    expect(await handle.query(journeyState)).toEqual(row.state);
  });

  it('adopts another command it lost, then decides the new one against the state the log says', async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    await appendBehindTheWorkflowsBack(id, { type: 'assign_coordinator', coordinator: 'alice' }, 'an-earlier-command');

    // A command the workflow's stale state also allows (its validator decides against that state); it is
    // decided again after the adoption, and lands after the adopted event.
    const reassigned = await drive.send(id, { type: 'assign_coordinator', coordinator: 'bilal' });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body).toMatchObject({ coordinator: 'bilal' });
    const events = await drive.events(id);
    expect(events.map((event) => event.version)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((event) => event.type === 'coordinator_assigned').map((event) => event.data.coordinator)).toEqual([
      'alice',
      'bilal',
    ]);
    const row = await system.db.selectFrom('journeys').select('state').where('journey_id', '=', id).executeTakeFirstOrThrow();
    expect(await client.workflow.getHandle(journeyWorkflowId(id)).query(journeyState)).toEqual(row.state);
  });
});
