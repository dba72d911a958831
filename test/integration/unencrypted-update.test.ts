import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { dataConverterFor } from '../../lib/payload-codec';
import { executeCommand } from '../../workflows/journey-contract';
import { journeyWorkflowId } from '../../domain/ids';
import { journeyDriver } from '../support/journey-driver';
import { eventually } from '../support/mailbox';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { testEnv } from '../support/test-env';

const { EventType } = temporal.api.enums.v1;

/**
 * Anything that can write to Temporal (a client without our codec, the `temporal` CLI) can send a journey
 * an update in plain text. The worker's codec refuses it before the workflow sees it: the SDK fails that
 * workflow task, the server retries it while the sender's call lasts, then drops the update, and the
 * journey goes on. Nothing is decided or written; a proper command meanwhile is refused, not lost.
 */
describe('an update sent in plain text, past our codec', () => {
  let system: TestSystem;
  let connection: Connection;
  beforeAll(async () => {
    system = await startTestSystem();
    connection = await Connection.connect({ address: testEnv.temporalAddress });
  });
  afterAll(async () => {
    await connection.close();
    await system.stop();
  });

  it('changes nothing in the journey, fails only the workflow task that carried it, and the journey then takes a proper command', async () => {
    const drive = journeyDriver(system);
    const journeyId = await drive.open();
    await drive.driveTo(journeyId, 'awareness');
    const before = await drive.events(journeyId);

    // The default data converter, no codec: the arguments travel as json/plain.
    const plainClient = new Client({ connection, namespace: system.config.TEMPORAL_NAMESPACE });
    const handle = plainClient.workflow.getHandle(journeyWorkflowId(journeyId));
    const forged = { command: { type: 'put_on_hold', reason: 'forged by a plain client' }, actor: { sub: 'mallory', role: 'coordinator' } };
    const sent = handle.executeUpdate(executeCommand, { args: [forged as never] }).then(
      () => 'applied',
      (error: Error) => error,
    );

    // The workflow task that carried it fails, and the reason (encrypted, as every failure is) is the codec's refusal.
    const failed = await eventually(
      async () => (await handle.fetchHistory()).events!.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED),
      () => 'no workflow task failed',
    );
    const codec = dataConverterFor(system.config, system.config.TEMPORAL_NAMESPACE).payloadCodecs[0]!;
    const [attributes] = await codec.decode([failed.workflowTaskFailedEventAttributes!.failure!.encodedAttributes!]);
    expect((defaultPayloadConverter.fromPayload(attributes!) as { message: string }).message).toMatch(
      /unencrypted where an encrypted one is expected/,
    );

    // Meanwhile a proper command is refused (Temporal takes no update while a workflow task is failing) and writes nothing.
    const meanwhile = await drive.send(journeyId, { type: 'put_on_hold', reason: 'In hospital' });
    expect(meanwhile.status).not.toBe(200);
    expect(await drive.events(journeyId)).toEqual(before);

    // The plain-text update never applies: its call fails once the server gives it up.
    expect(await sent).toBeInstanceOf(Error);

    // Then the journey takes the proper command.
    const taken = await eventually(
      async () => {
        const answer = await drive.send(journeyId, { type: 'put_on_hold', reason: 'In hospital' });
        return answer.status === 500 || answer.status === 503 ? undefined : answer;
      },
      () => 'the journey never took a proper command again',
      90_000,
    );
    expect(taken.status).toBe(200);
    const after = await drive.events(journeyId);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => [e.type, e.actor.sub, e.data.reason])).toEqual([
      ['journey_put_on_hold', 'alice', 'In hospital'],
    ]);
    expect(JSON.stringify(after)).not.toMatch(/forged|mallory/);
  }, 150_000);
});
