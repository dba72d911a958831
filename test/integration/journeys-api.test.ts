import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { createApplication } from '../../app/application';
import { connectDatabase } from '../../db/connect';
import { buildServer } from '../../server/build-server';
import { dataConverterFor } from '../../lib/payload-codec';
import { executeCommand, journeyState } from '../../workflows/journey-contract';
import { journeyWorkflowId } from '../../domain/ids';
import { approver, coordinator, manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';
import { testEnv } from '../support/test-env';

describe('journeys over HTTP, through Temporal, into PostgreSQL', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.stop());

  const open = async (body: unknown = openJourneyBody(), headers: Record<string, string> = {}) =>
    system.request('POST', '/api/journeys', { body, headers });
  const command = (id: string, body: unknown, as = coordinator, headers: Record<string, string> = {}) =>
    system.request('POST', `/api/journeys/${id}/commands`, { body, as, headers });

  it('opens a journey: 201 with the journey at referral, waiting on a coordinator', async () => {
    const { status, body } = await open();
    expect(status).toBe(201);
    expect(body).toMatchObject({
      pathway: 'chc',
      team: 'north',
      stage: 'referral',
      waitingOn: 'coordinator',
      status: 'open',
      onHold: false,
      coordinator: null,
      version: 3,
    });
    expect(body.journeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toMatch(/Ada|9434765919/);
  });

  it('reads the journey and its events back', async () => {
    const { body: opened } = await open();
    const read = await system.request('GET', `/api/journeys/${opened.journeyId}`);
    expect(read).toEqual({ status: 200, body: opened });
    const { status, body } = await system.request('GET', `/api/journeys/${opened.journeyId}/events`);
    expect(status).toBe(200);
    expect(body.events.map((e: { version: number; type: string }) => [e.version, e.type])).toEqual([
      [1, 'journey_opened'],
      [2, 'stage_changed'],
      // The referral is work for the team's coordinators until one is assigned (domain.md, "Staff work").
      [3, 'task_opened'],
    ]);
    expect(body.events[0]).toMatchObject({ actor: { sub: 'alice', role: 'coordinator' }, data: { pathway: 'chc', team: 'north' } });
    expect(body.events[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(body.events[0].occurredAt).toISOString()).toBe(body.events[0].occurredAt);
  });

  it('runs assign_coordinator through a Workflow Update: 200 with the journey after it', async () => {
    const { body: opened } = await open();
    const { status, body } = await command(
      opened.journeyId,
      { type: 'assign_coordinator', coordinator: 'bilal', note: 'Bilal knows the family' },
      manager,
    );
    expect(status).toBe(200);
    // The assignment does the referral's work: its task completes in the same append.
    expect(body).toMatchObject({ coordinator: 'bilal', stage: 'referral', version: 5 });
    const events = await system.request('GET', `/api/journeys/${opened.journeyId}/events`);
    expect(events.body.events[4]).toMatchObject({ version: 5, type: 'task_completed', actor: { sub: 'morgan', role: 'manager' } });
    expect(events.body.events[3]).toMatchObject({
      version: 4,
      type: 'coordinator_assigned',
      data: { coordinator: 'bilal' },
      actor: { sub: 'morgan', role: 'manager' },
      note: 'Bilal knows the family',
    });
    // The note lives beside the log, never inside an event.
    expect(JSON.stringify(events.body.events.map((e: { data: unknown }) => e.data))).not.toContain('Bilal knows');
  });

  it('answers 409 with the reason when the journey state forbids the command, and changes nothing', async () => {
    const { body: opened } = await open();
    await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 'bilal' });
    const { status, body } = await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 'bilal' });
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'already_assigned' });
    expect(body.error.message).toMatch(/already/);
    expect((await system.request('GET', `/api/journeys/${opened.journeyId}`)).body.version).toBe(5);
  });

  it('answers 409 when expectedVersion is behind the stream', async () => {
    const { body: opened } = await open();
    const { status, body } = await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 'bilal', expectedVersion: 1 });
    expect(status).toBe(409);
    expect(body.error.code).toBe('version_conflict');
    const ok = await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 'bilal', expectedVersion: 3 });
    expect(ok.status).toBe(200);
  });

  it('answers 400 naming every invalid field of a new journey, and writes nothing', async () => {
    const before = await system.db
      .selectFrom('journeys')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const { status, body } = await open({
      person: { name: '', nhsNumber: '9434765918', dateOfBirth: '1950-02-30', contact: {}, preferences: { channel: 'pigeon' } },
      pathway: 'chc',
      team: 'north',
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    const paths = body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['person.name', 'person.nhsNumber', 'person.dateOfBirth', 'person.preferences.channel', 'referralSource']),
    );
    const after = await system.db
      .selectFrom('journeys')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('answers 400 naming the fields of an invalid command', async () => {
    const { body: opened } = await open();
    const unknown = await command(opened.journeyId, { type: 'teleport' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toBe('type');
    const missing = await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 42, expectedVersion: -1 });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['coordinator', 'expectedVersion']);
    const notJson = await system.request('POST', `/api/journeys/${opened.journeyId}/commands`, { body: '{"type":', headers: {} });
    expect(notJson.status).toBe(400);
  });

  it('returns the same journey for a repeated Idempotency-Key and creates nothing more', async () => {
    const key = `open-${Date.now()}`;
    const first = await open(openJourneyBody(), { 'Idempotency-Key': key });
    const repeat = await open(openJourneyBody(), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(repeat).toEqual(first);
    const people = await system.db.selectFrom('people').select('journey_id').where('journey_id', '=', first.body.journeyId).execute();
    expect(people).toHaveLength(1);
    const events = await system.request('GET', `/api/journeys/${first.body.journeyId}/events`);
    expect(events.body.events).toHaveLength(3);
  });

  it("keeps each person's Idempotency-Keys apart: the same key from a colleague opens their own journey", async () => {
    const key = `shared-${Date.now()}`;
    const mine = await open(openJourneyBody(), { 'Idempotency-Key': key });
    const colleague = await system.request('POST', '/api/journeys', {
      body: openJourneyBody(),
      headers: { 'Idempotency-Key': key },
      as: { ...coordinator, sub: 'colleague' },
    });
    expect([mine.status, colleague.status]).toEqual([201, 201]);
    expect(colleague.body.journeyId).not.toBe(mine.body.journeyId);
  });

  it('refuses an Idempotency-Key reused with another body: 422', async () => {
    const key = `reuse-${Date.now()}`;
    await open(openJourneyBody(), { 'Idempotency-Key': key });
    const { status, body } = await open(openJourneyBody({ referralSource: 'self' }), { 'Idempotency-Key': key });
    expect(status).toBe(422);
    expect(body.error.code).toBe('idempotency_key_reused');
  });

  it('applies a repeated command with the same Idempotency-Key once', async () => {
    const { body: opened } = await open();
    const key = `cmd-${Date.now()}`;
    const first = await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 'bilal' }, coordinator, {
      'Idempotency-Key': key,
    });
    const repeat = await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 'bilal' }, coordinator, {
      'Idempotency-Key': key,
    });
    expect(first.status).toBe(200);
    expect(repeat).toEqual(first);
    const events = await system.request('GET', `/api/journeys/${opened.journeyId}/events`);
    expect(events.body.events.filter((e: { type: string }) => e.type === 'coordinator_assigned')).toHaveLength(1);
  });

  it('answers 401 without a valid token, 403 for a role the command is not for, 404 for an unknown journey', async () => {
    expect((await system.request('GET', '/api/journeys/x', { as: null })).status).toBe(401);
    expect(
      (await system.request('GET', '/api/journeys/x', { as: null, headers: { authorization: 'Bearer forged.token.here' } })).status,
    ).toBe(401);
    const { body: opened } = await open();
    const forbidden = await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 'bilal' }, approver);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    expect((await system.request('GET', '/api/journeys/no-such-journey')).status).toBe(404);
    expect((await command('no-such-journey', { type: 'assign_coordinator', coordinator: 'bilal' })).status).toBe(404);
  });

  it('names the workflow after the opaque journey id and keeps personal data out of Temporal', async () => {
    const { body: opened } = await open();
    await command(opened.journeyId, { type: 'assign_coordinator', coordinator: 'bilal', note: 'Ada Example prefers mornings' });
    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    try {
      const handle = new Client({
        connection,
        namespace: system.config.TEMPORAL_NAMESPACE,
        dataConverter: dataConverterFor(system.config, system.config.TEMPORAL_NAMESPACE),
      }).workflow.getHandle(journeyWorkflowId(opened.journeyId));
      const description = await handle.describe();
      expect(description.workflowId).toBe(`journey-${opened.journeyId}`);
      expect(description.typedSearchAttributes.get({ name: 'JourneyStage', type: 'KEYWORD' } as never)).toBe('referral');
      // The workflow's own state, by query, is the read model's: both fold the same events with evolve.
      const state = await handle.query(journeyState);
      expect(state.coordinator).toBe('bilal');
      const row = await system.db
        .selectFrom('journeys')
        .select('state')
        .where('journey_id', '=', opened.journeyId)
        .executeTakeFirstOrThrow();
      expect(state).toEqual(row.state);
      // Ciphertext is random bytes whose base64 may spell anything (even "Ada"): it is left out here, and what
      // it holds is checked, decrypted, in payload-encryption.test.ts. Everything else must be clean.
      const encrypted = Buffer.from('binary/encrypted').toString('base64');
      const history = JSON.stringify(
        await handle.fetchHistory(),
        function (this: { metadata?: { encoding?: string } }, key: string, value: unknown) {
          return key === 'data' && this.metadata?.encoding === encrypted ? '(encrypted)' : value;
        },
      );
      expect(history).toContain('(encrypted)');
      expect(history).not.toMatch(/Ada|Example|9434765919|943 476 5919|ada@example/);
    } finally {
      await connection.close();
    }
  });

  it('refuses a malformed command sent straight to the workflow, past the API, naming the fields, and still takes a good one', async () => {
    // The workflow validates with zod shared by every cached journey (workflows/shared-modules.ts): its
    // refusal path must work inside the sandbox as well as its happy path.
    const { body: opened } = await open();
    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    try {
      const handle = new Client({
        connection,
        namespace: system.config.TEMPORAL_NAMESPACE,
        dataConverter: dataConverterFor(system.config, system.config.TEMPORAL_NAMESPACE),
      }).workflow.getHandle(journeyWorkflowId(opened.journeyId));
      const actor = { sub: 'casey', role: 'coordinator' };
      for (const [command, paths] of [
        [{ type: 'assign_coordinator', coordinator: 42 }, ['coordinator']],
        [{ type: 'set_indicative_budget', amountPence: -1.5, method: 'guess' }, ['amountPence', 'method', 'trace']],
        [{ type: 'no_such_command' }, ['type']],
      ] as const) {
        const refused = await handle
          .executeUpdate(executeCommand, { args: [{ command: command as never, actor: actor as never }] })
          .catch((error: Error) => error);
        expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
        const cause = (refused as WorkflowUpdateFailedError).cause as ApplicationFailure;
        expect(cause.type).toBe('InvalidCommand');
        expect((cause.details?.[0] as { path: string }[]).map((issue) => issue.path).sort()).toEqual([...paths].sort());
      }
      const taken = await handle.executeUpdate(executeCommand, {
        args: [{ command: { type: 'assign_coordinator', coordinator: 'bilal' }, actor: actor as never }],
      });
      expect(taken.events).toEqual(['coordinator_assigned', 'task_completed']);
    } finally {
      await connection.close();
    }
  });

  it('lists journeys with filters and a cursor, and refuses a bad filter with 400', async () => {
    const { body: opened } = await system.request('POST', '/api/journeys', { body: openJourneyBody({ team: 'list-team' }), as: manager });
    const listed = await system.request('GET', '/api/journeys?team=list-team&stage=referral&limit=10', { as: manager });
    expect(listed.status).toBe(200);
    expect(listed.body.journeys.map((j: { journeyId: string }) => j.journeyId)).toEqual([opened.journeyId]);
    expect(listed.body.nextCursor).toBeNull();
    const bad = await system.request('GET', '/api/journeys?stage=nowhere&limit=500&stalled=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['limit', 'stage', 'stalled']);
    const analytics = await system.request('GET', '/api/analytics/stages?team=list-team', { as: manager });
    expect(analytics.status).toBe(200);
    expect(analytics.body.stages.find((s: { stage: string }) => s.stage === 'referral')).toMatchObject({
      open: 1,
      waitingOn: { coordinator: 1 },
    });
    expect((await system.request('GET', '/api/analytics/stages', { as: approver })).status).toBe(403);
  });

  it('answers /health with 503 naming what does not answer', async () => {
    const deadDb = connectDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' });
    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    const application = createApplication({
      db: deadDb,
      temporal: new Client({ connection }),
      namespace: 'default',
      taskQueue: 'none',
      commandTimeoutMs: 1000,
      policyDayMs: 1000,
      publicBaseUrl: () => 'http://127.0.0.1',
    });
    const app = await buildServer({ application, authSecret: system.config.AUTH_DEV_SECRET });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`${url}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', checks: { database: 'unavailable', temporal: 'ok' } });
    } finally {
      await app.close();
      await deadDb.destroy();
      await connection.close();
    }
  });

  it('serves /health and /openapi.json generated from the request schemas', async () => {
    expect(await system.request('GET', '/health', { as: null })).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'ok', temporal: 'ok' } },
    });
    const { status, body } = await system.request('GET', '/openapi.json', { as: null });
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/journeys', '/api/journeys/{id}', '/api/journeys/{id}/events', '/api/journeys/{id}/commands']),
    );
    const person = body.paths['/api/journeys'].post.requestBody.content['application/json'].schema.properties.person;
    expect(person.required).toEqual(expect.arrayContaining(['name', 'nhsNumber', 'dateOfBirth']));
  });
});
