import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { createComposer } from '../../activities/notifications/compose';
import { DeliveryFailure, type OutgoingMessage } from '../../activities/notifications/channel';
import { deliverKey } from '../../activities/notifications/deliver';
import { createNotifyAdapter } from '../../activities/notifications/notify-adapter';
import { enqueue } from '../../activities/notifications/outbox';
import { journeyDriver } from '../support/journey-driver';
import { journeyWorkflowId } from '../../domain/ids';
import { eventually } from '../support/mailbox';
import { testEnv } from '../support/test-env';
import { openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';

const SERVICE_ID = randomUUID();
const SECRET = randomUUID();
const API_KEY = `pbe_test-${SERVICE_ID}-${SECRET}`;
const TEMPLATES = { email: randomUUID(), sms: randomUUID(), letter: randomUUID() };

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  claims: { iss: string; iat: number };
  userAgent: string | undefined;
}

/** Checks a Notify bearer token as Notify does: HS256 over header.payload with the key's secret. */
function verify(req: IncomingMessage): { iss: string; iat: number } {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const [header, payload, signature] = token.split('.');
  const expected = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
  if (signature !== expected) throw new Error('bad signature');
  expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'HS256', typ: 'JWT' });
  return JSON.parse(Buffer.from(payload!, 'base64url').toString());
}

/** A local stand-in for the Notify API that records each request and answers as `reply` says. */
async function fakeNotify(reply: (seen: Seen) => { status: number; body: unknown }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let claims: Seen['claims'];
      try {
        claims = verify(req);
      } catch {
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ error: 'AuthError', message: 'Invalid token' }], status_code: 403 }));
        return;
      }
      const entry: Seen = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : null,
        claims,
        userAgent: req.headers['user-agent'],
      };
      seen.push(entry);
      const answer = reply(entry);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const created = (seen: Seen) => ({
  status: 201,
  body: {
    id: randomUUID(),
    reference: seen.body?.reference,
    content: { body: 'x', subject: 'y' },
    uri: '',
    template: { id: seen.body?.template_id, version: 1, uri: '' },
  },
});

const message = (channel: OutgoingMessage['channel'], to: OutgoingMessage['to']): OutgoingMessage => ({
  channel,
  reference: `pbe-test-${channel}`,
  to,
  message: {
    template: 'reminder',
    subject: 'A reminder: the next step is yours',
    paragraphs: ['Dear Ada,', 'This is a reminder.', 'Best wishes,', 'The north team'],
    text: 'Dear Ada,\n\nThis is a reminder.\n',
    html: '<p>Dear Ada,</p>',
    format: 'standard',
    language: 'en',
  },
});

describe('the GOV.UK Notify adapter, against a local HTTP server', () => {
  it('sends email, SMS and letters with the template, the personalisation, the reference and a signed token', async () => {
    const notify = await fakeNotify(created);
    try {
      const adapter = createNotifyAdapter({ apiKey: API_KEY, baseUrl: notify.url, templates: TEMPLATES });
      await adapter.send(message('email', { name: 'Ada', email: 'ada@example.org' }));
      await adapter.send(message('sms', { name: 'Ada', phone: '07700 900123' }));
      await adapter.send(message('letter', { name: 'Ada Example', address: ['1 High Street', 'Leeds', 'LS1 1AA'] }));
      expect(notify.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
        'POST /v2/notifications/email',
        'POST /v2/notifications/sms',
        'POST /v2/notifications/letter',
      ]);
      for (const s of notify.seen) {
        expect(s.claims.iss).toBe(SERVICE_ID);
        expect(Math.abs(s.claims.iat - Date.now() / 1000)).toBeLessThan(30);
        expect(s.userAgent).toMatch(/^NOTIFY-API-NODE-CLIENT\//);
      }
      expect(notify.seen[0]!.body).toEqual({
        template_id: TEMPLATES.email,
        email_address: 'ada@example.org',
        personalisation: { subject: 'A reminder: the next step is yours', body: 'Dear Ada,\n\nThis is a reminder.\n' },
        reference: 'pbe-test-email',
      });
      expect(notify.seen[1]!.body).toEqual({
        template_id: TEMPLATES.sms,
        phone_number: '07700 900123',
        personalisation: { body: 'A reminder: the next step is yours\nThis is a reminder.' },
        reference: 'pbe-test-sms',
      });
      expect(notify.seen[2]!.body).toMatchObject({
        template_id: TEMPLATES.letter,
        personalisation: {
          address_line_1: 'Ada Example',
          address_line_2: '1 High Street',
          address_line_3: 'Leeds',
          address_line_4: 'LS1 1AA',
          subject: 'A reminder: the next step is yours',
        },
        reference: 'pbe-test-letter',
      });
    } finally {
      await notify.close();
    }
  });

  it('tells a final refusal (400, 403) from one that may pass (429, 500), and never posts without an address', async () => {
    const statuses = [400, 403, 429, 500];
    let call = 0;
    const notify = await fakeNotify(() => ({
      status: statuses[call++]!,
      body: { errors: [{ error: 'BadRequestError', message: 'email_address Not a valid email address' }], status_code: 400 },
    }));
    try {
      const adapter = createNotifyAdapter({ apiKey: API_KEY, baseUrl: notify.url, templates: TEMPLATES });
      const outcomes = [];
      for (let i = 0; i < statuses.length; i += 1)
        outcomes.push(await adapter.send(message('email', { name: 'Ada', email: 'ada@example' })).catch((e: DeliveryFailure) => e));
      expect(outcomes.map((e) => (e instanceof DeliveryFailure ? e.permanent : 'sent'))).toEqual([true, true, false, false]);
      // The provider's words go only to the outbox row (`described`); the message, which reaches logs and Temporal, is a code.
      expect((outcomes[0] as DeliveryFailure).described).toContain('Not a valid email address');
      expect((outcomes[0] as DeliveryFailure).message).not.toContain('Not a valid email address');
      const before = notify.seen.length;
      await expect(adapter.send(message('letter', { name: 'Ada', address: ['Leeds'] }))).rejects.toMatchObject({
        permanent: true,
        message: 'no full postal address on record',
      });
      expect(notify.seen.length).toBe(before);
    } finally {
      await notify.close();
    }
  });
});

describe('NOTIFY_CHANNEL=notify through the whole system', () => {
  let system: TestSystem;
  let notify: Awaited<ReturnType<typeof fakeNotify>>;
  const ids: string[] = [];
  const bounced = new Set<string>();
  let failLookups = 0;
  beforeAll(async () => {
    notify = await fakeNotify((seen) => {
      // A delivery receipt: a bounce for the ids the test says, delivered for the rest.
      const byId = /^\/v2\/notifications\/([^/]+)$/.exec(seen.path);
      if (seen.method === 'GET' && byId)
        return { status: 200, body: { id: byId[1], status: bounced.has(byId[1]!) ? 'permanent-failure' : 'delivered' } };
      // A lookup by reference finds the first send: Notify had accepted it before the attempt was cut off.
      if (seen.method === 'GET' && failLookups > 0) {
        failLookups -= 1;
        return { status: 500, body: { errors: [{ error: 'Exception', message: 'Internal server error' }], status_code: 500 } };
      }
      if (seen.method === 'GET')
        return {
          status: 200,
          body: { notifications: [{ id: 'notify-first-send', status: 'delivered', reference: seen.query.get('reference') }], links: {} },
        };
      const answer = created(seen);
      ids.push((answer.body as { id: string }).id);
      return answer;
    });
    system = await startTestSystem({
      NOTIFY_CHANNEL: 'notify',
      NOTIFY_API_KEY: API_KEY,
      NOTIFY_BASE_URL: notify.url,
      NOTIFY_EMAIL_TEMPLATE_ID: TEMPLATES.email,
      NOTIFY_SMS_TEMPLATE_ID: TEMPLATES.sms,
      NOTIFY_LETTER_TEMPLATE_ID: TEMPLATES.letter,
    });
  });
  afterAll(async () => {
    await system.stop();
    await notify.close();
  });

  /**
   * The journey's own welcome is sent and its activity has finished: from here only the test delivers for
   * this journey (an activity sends whatever its journey has unsettled, and would race the test for it).
   */
  const quiet = async (id: string) => {
    const connection = await Connection.connect({ address: testEnv.temporalAddress });
    try {
      const handle = new Client({ connection }).workflow.getHandle(journeyWorkflowId(id));
      await eventually(
        async () => {
          const rows = await system.db.selectFrom('notifications').select('status').where('journey_id', '=', id).execute();
          const pending = (await handle.describe()).raw.pendingActivities ?? [];
          return rows.some((r) => r.status === 'sent') && pending.length === 0 ? true : undefined;
        },
        () => `journey ${id} still has its welcome in flight`,
      );
    } finally {
      await connection.close();
    }
  };

  it("sends the welcome by text message in the person's channel, and records Notify's id", async () => {
    const drive = journeyDriver(system);
    const id = await drive.open({
      person: {
        ...openJourneyBody().person,
        contact: { phone: '07700 900456' },
        preferences: { channel: 'sms', format: 'easy_read', language: 'pl' },
      },
    });
    const row = await eventually(
      async () =>
        (await system.db.selectFrom('notifications').selectAll().where('journey_id', '=', id).where('status', '=', 'sent').execute())[0],
      async () => JSON.stringify(await system.db.selectFrom('notifications').selectAll().where('journey_id', '=', id).execute()),
    );
    const sms = notify.seen.find((s) => s.path === '/v2/notifications/sms' && s.body.reference === `pbe-${id}-${row.id}`)!;
    expect(sms.body).toMatchObject({ template_id: TEMPLATES.sms, phone_number: '07700 900456' });
    expect(sms.body.personalisation.body).toMatch(
      /^Your personal health budget: what happens now\nWe have started work on your personal health budget\./,
    );
    expect(sms.body.personalisation.body).not.toContain('943');
    // No Polish template yet: it went in English, and the row says so.
    expect(row).toMatchObject({ channel: 'sms', provider: 'notify', status: 'sent', format: 'easy_read', language: 'en' });
    expect(ids).toContain(row.provider_id);
  });

  it("learns of a bounce from Notify's receipt at the journey's next message, and sends a letter instead", async () => {
    const drive = journeyDriver(system);
    const id = await drive.open({
      person: { ...openJourneyBody().person, contact: { email: 'gone@example.org', address: '4 Quay Street, Bristol, BS1 4DD' } },
    });
    const rowsOf = () =>
      system.db
        .selectFrom('notifications')
        .selectAll()
        .where('journey_id', '=', id)
        .where('due_key', 'like', 'event:%')
        .orderBy('id')
        .execute();
    const welcome = await eventually(
      async () => (await rowsOf()).find((r) => r.template === 'welcome' && r.status === 'sent'),
      async () => JSON.stringify(await rowsOf()),
    );
    bounced.add(welcome.provider_id!); // Notify could not deliver it: the address does not exist

    await drive.driveTo(id, 'awareness'); // the next message: "what happens next"
    let rows = await eventually(
      async () => ((r) => (r.some((x) => x.channel === 'letter' && x.status === 'sent') ? r : undefined))(await rowsOf()),
      async () => JSON.stringify(await rowsOf()),
    );
    expect(rows.find((r) => r.id === welcome.id)).toMatchObject({ status: 'failed', failure: 'GOV.UK Notify: permanent-failure' });
    const letter = rows.find((r) => r.channel === 'letter')!;
    expect(letter).toMatchObject({ template: 'welcome', fallback_of: welcome.id, provider: 'notify' });
    const posted = notify.seen.find((s) => s.path === '/v2/notifications/letter' && s.body.reference === `pbe-${id}-${letter.id}`)!;
    expect(posted.body.personalisation).toMatchObject({
      address_line_1: 'Ada Example',
      address_line_2: '4 Quay Street',
      address_line_4: 'BS1 4DD',
    });

    // At the message after that, the letter's and the next steps' receipts say delivered.
    await drive.send(id, { type: 'record_information_given', topics: ['personal_budgets'], channel: 'phone' });
    rows = await eventually(
      async () => ((r) => (r.filter((x) => x.status === 'delivered').length >= 2 ? r : undefined))(await rowsOf()),
      async () => JSON.stringify(await rowsOf()),
    );
    expect(
      rows
        .filter((r) => r.status === 'delivered')
        .map((r) => r.template)
        .sort(),
    ).toEqual(['next_steps', 'welcome']);
    expect(rows.every((r) => r.status !== 'delivered' || r.delivered_at !== null)).toBe(true);
  });

  it('records a message that cannot be rendered as failed, and falls back, instead of retrying it forever', async () => {
    const id = await journeyDriver(system).open({
      person: { ...openJourneyBody().person, contact: { email: 'fay@example.org', address: '5 Dock Road, Hull, HU2 5EE' } },
    });
    await quiet(id);
    await enqueue(system.db, [
      {
        journeyId: id,
        key: 'test:broken',
        kind: 'person_reminder',
        recipient: 'person',
        channel: 'email',
        template: 'no_such_template',
        dueAt: new Date().toISOString(),
        reason: 'test',
      },
    ]);
    const adapter = createNotifyAdapter({ apiKey: API_KEY, baseUrl: notify.url, templates: TEMPLATES });
    const round = await deliverKey(
      { db: system.db, adapter, compose: createComposer(system.db, system.config.POLICY_DAY_MS), maxAttempts: 3 },
      id,
      'test:broken',
    );
    expect(round).toEqual({ retryable: [], tasksQueued: true });
    const rows = await system.db
      .selectFrom('notifications')
      .selectAll()
      .where('journey_id', '=', id)
      .where('due_key', 'like', 'test:broken%')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => `${r.due_key} ${r.channel} ${r.status}`)).toEqual([
      'test:broken email failed',
      'test:broken/letter letter failed',
      // Queued until the journey opens its task (the workflow does, told by the notify activity's receipt).
      'test:broken/letter/call task queued',
    ]);
    expect(rows[0]!.failure).toMatch(/^could not render no_such_template/);
  });

  it('after an attempt cut off mid-send, asks Notify by reference and does not send again', async () => {
    const drive = journeyDriver(system);
    const id = await drive.open();
    await quiet(id);
    // A row left as a dead attempt leaves it: claimed, sending, never recorded.
    await enqueue(system.db, [
      {
        journeyId: id,
        key: 'test:interrupted',
        kind: 'person_reminder',
        recipient: 'person',
        channel: 'email',
        template: 'reminder',
        dueAt: new Date().toISOString(),
        reason: 'test',
      },
    ]);
    const interrupted = (agoMs: number) =>
      system.db
        .updateTable('notifications')
        .set({ status: 'sending', attempts: 1, updated_at: new Date(Date.now() - agoMs) })
        .where('journey_id', '=', id)
        .where('due_key', '=', 'test:interrupted')
        .execute();
    const adapter = createNotifyAdapter({ apiKey: API_KEY, baseUrl: notify.url, templates: TEMPLATES });
    const delivery = { db: system.db, adapter, compose: createComposer(system.db, system.config.POLICY_DAY_MS), maxAttempts: 3 };
    const requests = notify.seen.length;
    // Claimed a moment ago: a timed-out attempt may still be sending it, so this one keeps off.
    await interrupted(1000);
    expect((await deliverKey(delivery, id, 'test:interrupted')).retryable).toEqual([
      'test:interrupted: an earlier attempt is still sending it',
    ]);
    expect(notify.seen.length).toBe(requests);
    // Claimed a minute ago: the lease has run out, so no attempt can still be sending it.
    await interrupted(60_000);
    const posts = () => notify.seen.filter((s) => s.method === 'POST').length;
    const before = posts();
    // Notify cannot answer the lookup at first: the row stays interrupted, and nothing is sent blind.
    failLookups = 1;
    expect((await deliverKey(delivery, id, 'test:interrupted')).retryable).toEqual([expect.stringContaining('GOV.UK Notify 500')]);
    expect(posts()).toBe(before);
    const round = await deliverKey(delivery, id, 'test:interrupted');
    expect(round.retryable).toEqual([]);
    expect(posts()).toBe(before);
    const lookup = notify.seen.at(-1)!;
    expect(lookup.method).toBe('GET');
    expect(lookup.query.get('template_type')).toBe('email');
    expect(lookup.query.get('reference')).toMatch(new RegExp(`^pbe-${id}-\\d+$`));
    const row = await system.db
      .selectFrom('notifications')
      .selectAll()
      .where('journey_id', '=', id)
      .where('due_key', '=', 'test:interrupted')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'delivered',
      provider_id: 'notify-first-send',
      attempts: 3,
      failure: 'found at the provider after an interrupted attempt',
    });
  });
});
