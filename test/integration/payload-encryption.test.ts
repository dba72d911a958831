import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Principal } from '../../app/principal';
import { dataConverterFor } from '../../lib/payload-codec';
import { executeCommand } from '../../workflows/journey-contract';
import { journeyWorkflowId } from '../../domain/ids';
import { journeyDriver } from '../support/journey-driver';
import { eventually, startMailbox } from '../support/mailbox';
import { approver, coordinator, manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';
import { testEnv } from '../support/test-env';

interface RawPayload {
  metadata?: Record<string, Uint8Array>;
  data?: Uint8Array;
}

/**
 * Every payload anywhere in a history: objects with binary `data` and a `metadata` map. Search
 * attributes, patch markers and the SDK's own record of each local activity (its type, sequence number,
 * attempt and times; the activity's result beside it is encrypted) are apart: Temporal itself must read
 * them, so no codec touches them.
 */
function payloadsIn(value: unknown, found = { encoded: [] as RawPayload[], system: [] as RawPayload[] }, path = ''): typeof found {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
  const candidate = value as RawPayload;
  if (candidate.metadata && typeof candidate.metadata === 'object' && candidate.data instanceof Uint8Array)
    found[/searchAttributes|patch-data|markerRecordedEventAttributes\.details\.data\./.test(path) ? 'system' : 'encoded'].push(candidate);
  else for (const [key, child] of Object.entries(value)) payloadsIn(child, found, `${path}.${key}`);
  return found;
}

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const toWire = (p: RawPayload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

type RawFailure = temporal.api.failure.v1.IFailure;

/** Every failure in a history (an activity's last failure, an update's outcome) and each cause inside it. */
function failuresIn(value: unknown, found: RawFailure[] = []): RawFailure[] {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
  for (const [key, child] of Object.entries(value)) {
    if ((key === 'failure' || key === 'lastFailure' || key === 'cause') && child && typeof child === 'object')
      found.push(child as RawFailure);
    failuresIn(child, found);
  }
  return found;
}

/** A failure as stored: only "Encoded failure", no stack, the real message and stack encrypted in encodedAttributes. */
function expectEncoded(failure: RawFailure) {
  expect(failure.message).toBe('Encoded failure');
  expect(failure.stackTrace ?? '').toBe('');
  expect(text(failure.encodedAttributes?.metadata?.encoding ?? undefined)).toBe('binary/encrypted');
}

/** The failure's real message, read back through the codec as a client with the key reads it. */
async function decodedMessage(failure: RawFailure, config: TestSystem['config']): Promise<string> {
  const [attributes] = await dataConverterFor(config, config.TEMPORAL_NAMESPACE).payloadCodecs[0]!.decode([failure.encodedAttributes!]);
  return (defaultPayloadConverter.fromPayload(attributes!) as { message: string }).message;
}

const rawHistory = async (journeyId: string) => {
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  try {
    // No codec here: what the server stores, as the server stores it.
    return await new Client({ connection }).workflow.getHandle(journeyWorkflowId(journeyId)).fetchHistory();
  } finally {
    await connection.close();
  }
};

const admin: Principal = { sub: 'ada-admin', role: 'admin', teams: [] };
const jsonPayload = (json: string) => ({
  metadata: { encoding: Buffer.from('json/plain').toString('base64') },
  data: Buffer.from(json).toString('base64'),
});

const NAME = 'Zebedee Quintrell';
const NHS = '4010232137';

describe('Temporal payloads are encrypted; the codec endpoint decrypts them for those allowed', () => {
  let system: TestSystem;
  let journeyId: string;
  let stored: RawPayload[];
  let readByTemporal: RawPayload[];
  beforeAll(async () => {
    // Email to a server that refuses every connection: each send fails (retryably) at least once before
    // the fallback, so the history holds an activity's failure whose message quotes the provider.
    const closed = await startMailbox();
    await closed.stop();
    system = await startTestSystem({ NOTIFY_CHANNEL: 'smtp', SMTP_URL: closed.url, NOTIFY_MAX_ATTEMPTS: '2' });
    const drive = journeyDriver(system);
    journeyId = await drive.open({
      person: { ...openJourneyBody().person, name: NAME, nhsNumber: NHS, contact: { email: 'zebedee@example.org' } },
    });
    await drive.driveTo(journeyId, 'assessment');
    await drive.send(journeyId, {
      type: 'record_assessment',
      outcome: 'eligible',
      needs: ['help at home'],
      note: `${NAME} asked for mornings`,
    });
    ({ encoded: stored, system: readByTemporal } = payloadsIn((await rawHistory(journeyId)).events));
  });
  afterAll(() => system.stop());

  it("stores a failed activity's failure with its message and stack encrypted, never in plain text", async () => {
    // An activity's last failure is written to the history once the activity completes (after the fallback).
    const failures = await eventually(
      async () => {
        const found = failuresIn((await rawHistory(journeyId)).events);
        return found.length > 0 ? found : undefined;
      },
      () => 'no failure in the history',
    );
    for (const failure of failures) expectEncoded(failure);
    const plain = JSON.stringify(failures);
    for (const secret of ['Not sent yet', 'ECONNREFUSED', 'zebedee@example.org', 'at ']) expect(plain).not.toContain(secret);
    // With the key, the provider's words are all there.
    expect(await decodedMessage(failures[0]!, system.config)).toMatch(/^Not sent yet: .*(ECONNREFUSED|ECONNECTION|ESOCKET)/);
  }, 60_000);

  it("sends a refused command's failure out of the worker encoded, and the API still answers it with the reason", async () => {
    // The refusal straight from the workflow, as the Temporal server holds it: no SDK client decoding it.
    const codec = dataConverterFor(system.config, system.config.TEMPORAL_NAMESPACE).payloadCodecs[0]!;
    const [arg] = await codec.encode([
      defaultPayloadConverter.toPayload({ command: { type: 'approve_plan' }, actor: { sub: 'ash', role: 'approver' } }),
    ]);
    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    let failure: RawFailure | null | undefined;
    try {
      const answer = await connection.workflowService.updateWorkflowExecution({
        namespace: system.config.TEMPORAL_NAMESPACE,
        workflowExecution: { workflowId: journeyWorkflowId(journeyId) },
        request: {
          meta: { updateId: randomUUID(), identity: 'payload-encryption.test' },
          input: { name: executeCommand.name, args: { payloads: [arg!] } },
        },
        waitPolicy: {
          lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
        },
      });
      failure = answer.outcome?.failure;
    } finally {
      await connection.close();
    }
    expect(failure).toBeTruthy();
    expectEncoded(failure!);
    const reason = await decodedMessage(failure!, system.config);
    expect(reason.length).toBeGreaterThan(10);
    expect(JSON.stringify(failure)).not.toContain(reason);

    // The API's client decodes it: the same refusal is a 409 with the real reason, and a malformed one a 400 naming the field.
    const refused = await system.request('POST', `/api/journeys/${journeyId}/commands`, { as: approver, body: { type: 'approve_plan' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(reason);
    const moved = await system.request('POST', `/api/journeys/${journeyId}/commands`, {
      body: { type: 'put_on_hold', reason: 'x', expectedVersion: 1 },
    });
    expect(moved.status).toBe(409);
    expect(moved.body.error).toMatchObject({ code: 'version_conflict', message: expect.stringMatching(/moved on/) });
  });

  it('stores only AES-256-GCM ciphertext with the key id, and no name or NHS number anywhere', () => {
    expect(stored.length).toBeGreaterThan(5);
    for (const payload of stored) {
      expect(text(payload.metadata?.encoding)).toBe('binary/encrypted');
      expect(text(payload.metadata?.['encryption-key-id'])).toBe('dev');
      expect(text(payload.metadata?.['encryption-cipher'])).toBe('AES-256-GCM');
      const plain = text(payload.data);
      for (const secret of [NAME, 'Zebedee', NHS, '401 023 2137', 'zebedee@example.org', journeyId, 'record_assessment'])
        expect(plain).not.toContain(secret);
    }
  });

  it('keeps what Temporal must read itself (search attributes, patch markers) free of personal data', () => {
    expect(readByTemporal.length).toBeGreaterThan(0);
    for (const payload of readByTemporal) {
      expect(text(payload.data)).not.toMatch(/Zebedee|Quintrell|4010232137|401 023 2137|zebedee@/);
      expect(text(payload.data)).toMatch(/^[\x20-\x7e]{1,300}$/);
    }
  });

  it('decrypts for a manager through POST /codec/decode, in the codec-server format', async () => {
    const { status, body } = await system.request('POST', '/codec/decode', { as: manager, body: { payloads: stored.map(toWire) } });
    expect(status).toBe(200);
    const decoded = (body.payloads as { metadata: Record<string, string>; data: string }[]).map((p) => ({
      encoding: Buffer.from(p.metadata.encoding!, 'base64').toString(),
      data: Buffer.from(p.data, 'base64').toString(),
    }));
    expect(decoded.every((p) => p.encoding === 'json/plain' || p.encoding === 'binary/null')).toBe(true);
    // The workflow's own data is there in the clear (its id, the commands), and still no personal data.
    expect(decoded.some((p) => p.data.includes(journeyId))).toBe(true);
    expect(decoded.some((p) => p.data.includes('record_assessment'))).toBe(true);
    expect(decoded.map((p) => p.data).join('\n')).not.toMatch(/Zebedee|Quintrell|4010232137|mornings/);

    // Encoding is an admin's (below); what an admin seals, a manager reads.
    const roundTrip = await system.request('POST', '/codec/encode', { as: admin, body: { payloads: [jsonPayload('"x"')] } });
    expect(roundTrip.status).toBe(200);
    expect(Buffer.from(roundTrip.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const back = await system.request('POST', '/codec/decode', { as: manager, body: roundTrip.body });
    expect(Buffer.from(back.body.payloads[0].data, 'base64').toString()).toBe('"x"');
  });

  it('lets only admins encode: a manager cannot mint ciphertext that workers would take for our own', async () => {
    const body = { payloads: [jsonPayload('{"command":{"type":"close","reason":"other"}}')] };
    const refused = await system.request('POST', '/codec/encode', { as: manager, body });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const sealed = await system.request('POST', '/codec/encode', { as: admin, body });
    expect(sealed.status).toBe(200);
    const metadata = sealed.body.payloads[0].metadata as Record<string, string>;
    expect(Buffer.from(metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(metadata['encryption-aad']!, 'base64').toString()).toBe('namespace-v1');
    // Managers still read, as the Web UI needs.
    const opened = await system.request('POST', '/codec/decode', { as: manager, body: sealed.body });
    expect(opened.status).toBe(200);
    expect(opened.body.payloads).toEqual(body.payloads);
  });

  it('serves the configured namespace only: X-Namespace naming another is a 400 that names the header', async () => {
    const namespace = system.config.TEMPORAL_NAMESPACE;
    const body = { payloads: stored.slice(0, 2).map(toWire) };
    for (const [direction, as] of [
      ['decode', manager],
      ['encode', admin],
    ] as const) {
      const other = await system.request('POST', `/codec/${direction}`, { as, body, headers: { 'x-namespace': `${namespace}-elsewhere` } });
      expect(other.status).toBe(400);
      expect(other.body.error.message).toContain('X-Namespace');
      expect(other.body.error.issues).toEqual([{ path: 'headers.x-namespace', message: `must be "${namespace}" or absent` }]);
      expect(JSON.stringify(other.body)).not.toContain('payloads');
      // Ours, or none (the configured one), is served.
      expect((await system.request('POST', `/codec/${direction}`, { as, body, headers: { 'x-namespace': namespace } })).status).toBe(200);
      expect((await system.request('POST', `/codec/${direction}`, { as, body })).status).toBe(200);
    }
  });

  it('shows the Web UI what Temporal itself writes in plain text (markers, search attributes) as it is', async () => {
    const body = { payloads: readByTemporal.map(toWire) };
    const { status, body: answer } = await system.request('POST', '/codec/decode', { as: manager, body });
    expect(status).toBe(200);
    expect(answer.payloads).toEqual(body.payloads);
  });

  it('refuses the codec to roles that may not see every journey, and to no token', async () => {
    const body = { payloads: stored.slice(0, 1).map(toWire) };
    expect((await system.request('POST', '/codec/decode', { as: coordinator, body })).status).toBe(403);
    expect(
      (await system.request('POST', '/codec/decode', { as: { sub: 'p', role: 'person', teams: [], journeyId } as never, body })).status,
    ).toBe(403);
    expect((await system.request('POST', '/codec/decode', { as: null, body })).status).toBe(401);
  });

  it('answers altered ciphertext with a 400 that names the key and nothing of the payload', async () => {
    const altered = toWire(stored[0]!);
    const bytes = Buffer.from(altered.data, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    const { status, body } = await system.request('POST', '/codec/decode', {
      as: manager,
      body: { payloads: [{ ...altered, data: bytes.toString('base64') }] },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('codec_failed');
    expect(body.error.message).toContain('"dev"');
    expect(JSON.stringify(body)).not.toMatch(/journey|Zebedee/i);
  });

  it('lets the Temporal Web UI origin call the codec across origins, and no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${system.url}/codec/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-namespace',
        },
      });
    const allowed = await preflight('http://127.0.0.1:8233');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
