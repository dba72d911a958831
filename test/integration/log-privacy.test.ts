import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '../../lib/config';
import { freePort } from '../support/free-port';
import { httpClient } from '../support/http-client';
import { journeyDriver } from '../support/journey-driver';
import { eventually } from '../support/mailbox';
import { startProcess } from '../support/start-process';
import { coordinator, manager, openJourneyBody } from '../support/test-system';
import { testEnv } from '../support/test-env';
import { webClient } from '../support/web-client';
import { connectDatabase } from '../../db/connect';
import { personLinkPath } from '../support/person-links';

const NAME = 'Philippa Vandersloot';
const NHS = '4857773457';
const EMAIL = 'philippa.vandersloot@example.org';
const REPRESENTATIVE = 'Barnaby Okonkwo-Fitch';
const REPRESENTATIVE_EMAIL = 'barnaby.okonkwo@example.org';
const REPRESENTATIVE_PHONE = '+44 7700 900456';
const DATE_OF_BIRTH = '1937-11-23';
const ADDRESS = '1 Privet Lane, Leeds';

/**
 * `npm start`'s process (API, worker, local mail server) at debug level, every line of its output kept,
 * while a journey runs from referral to active support, a review and its close, with bad and refused
 * requests between, through the API and the web pages (sign-in, the journey page, forms with errors, the
 * person's own page). No line may hold the person's name, NHS number, date of birth, contact details or
 * address, their representative's name or contact details, or a personal link.
 */
describe('logs never hold personal data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbe-logs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a whole journey with logs captured and finds no personal data in any line', async () => {
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    let link = 'no link made';
    const started = await startProcess(
      {
        PORT: String(port),
        DATABASE_URL: testEnv.databaseUrl,
        TEMPORAL_ADDRESS: testEnv.temporalAddress,
        TEMPORAL_TASK_QUEUE: `logs-${randomUUID()}`,
        DATA_DIR: join(dir, 'data'),
        NOTIFY_CHANNEL: 'smtp',
        LOG_LEVEL: 'debug',
      },
      `${api}/health`,
    );
    try {
      const request = httpClient(api, Config.parse({}).AUTH_DEV_SECRET);
      const drive = journeyDriver({ request });
      const person = {
        ...openJourneyBody().person,
        name: NAME,
        nhsNumber: NHS,
        dateOfBirth: DATE_OF_BIRTH,
        contact: { email: EMAIL, phone: '+44 7700 900123', address: ADDRESS },
        representative: {
          name: REPRESENTATIVE,
          relationship: 'son',
          contact: { email: REPRESENTATIVE_EMAIL, phone: REPRESENTATIVE_PHONE },
        },
      };
      const id = await drive.open({ person });
      await drive.driveTo(id, 'active');
      await drive.send(id, { type: 'request_review', reason: `${NAME} moved house`, note: `Spoke to ${NAME}, NHS ${NHS}` });
      // Refused, invalid and hidden requests, carrying personal data in their bodies and paths.
      await request('POST', '/api/journeys', { body: { ...openJourneyBody(), person: { ...person, nhsNumber: '4857773456' } } });
      await request('POST', '/api/journeys', { body: `{"person":{"name":"${NAME}"` });
      await request('POST', `/api/journeys/${id}/commands`, { body: { type: 'approve_plan', note: NAME } });
      await request('GET', `/api/journeys/${encodeURIComponent(NAME)}?nhs=${NHS}`);
      await request('GET', `/api/journeys/${id}/events`, { as: { sub: 'x', role: 'person', teams: [], journeyId: NHS } });
      expect((await request('GET', `/api/journeys/${id}/audit`, { as: manager })).status).toBe(200);
      await drive.waitForEvents(id, (events) => events.some((e) => e.type === 'review_started'));

      // The same person through the web pages: signing in, the journey page, forms sent back with errors.
      const secret = Config.parse({}).AUTH_DEV_SECRET;
      const db = connectDatabase({ url: testEnv.databaseUrl, maxConnections: 1 });
      const page = webClient(api, secret, db);
      const shown = async (answer: Promise<{ status: number }>, status: number) => expect((await answer).status).toBe(status);
      await shown(page('GET', '/sign-in'), 200);
      await shown(page('POST', '/sign-in', { form: { role: 'coordinator', sub: NAME, teams: 'north' } }), 400);
      await shown(page('POST', '/sign-in', { form: { role: 'coordinator', sub: 'alice', teams: 'north' } }), 303);
      await shown(page('GET', `/journeys/${id}`, { as: coordinator }), 200);
      const openForm = {
        name: NAME,
        nhsNumber: '4857773456',
        'dob-day': '23',
        'dob-month': '11',
        'dob-year': '1937',
        email: EMAIL,
        address: ADDRESS,
        channel: 'email',
        pathway: 'chc',
        team: 'north',
        referralSource: 'gp',
      };
      await shown(page('POST', '/journeys/new', { as: coordinator, form: openForm }), 400);
      await shown(
        page('POST', `/journeys/${id}/do/put_on_hold`, { as: coordinator, form: { reason: '', note: `${NAME} ${REPRESENTATIVE_EMAIL}` } }),
        400,
      );
      // The person's own page, through their personal link (a credential: it must not be logged either).
      link = (await personLinkPath(request, id)).replace('/p?t=', '');
      await shown(page('GET', `/p?t=${link}`), 303);
      await shown(page('GET', '/my-journey', { as: { sub: `person:${id}`, role: 'person', teams: [], journeyId: id } }), 200);

      // And the journey closes through its form, telling the person, before the process stops.
      await shown(
        page('POST', `/journeys/${id}/do/close`, { as: coordinator, form: { reason: 'moved', note: `${NAME} moved to ${ADDRESS}` } }),
        303,
      );
      await drive.waitForEvents(id, (events) => events.some((e) => e.type === 'journey_closed'));
      await db.destroy();
      await eventually(
        async () => {
          const sent = (await request('GET', `/api/journeys/${id}/notifications`)).body.notifications as { status: string }[];
          return sent.length > 0 && sent.every((n) => n.status !== 'queued') ? sent : undefined;
        },
        () => 'messages still queued',
      );
    } finally {
      expect(await started.interrupt()).toBe(0);
    }
    const lines = started.output().split('\n').filter(Boolean);
    // The pages were logged too.
    expect(lines.some((line) => line.includes('"/my-journey"'))).toBe(true);
    expect(lines.some((line) => line.includes('/do/:type'))).toBe(true);
    // The capture works: the API logged requests, with their statuses.
    expect(lines.filter((line) => line.includes('"statusCode"')).length).toBeGreaterThan(20);
    const leaks = lines.filter((line) =>
      [
        NAME,
        'Philippa',
        'Vandersloot',
        NHS,
        '485 777 3457',
        '4857773456',
        EMAIL,
        'Privet',
        'Leeds',
        '7700 900123',
        DATE_OF_BIRTH,
        '23/11/1937',
        '23 November 1937',
        REPRESENTATIVE,
        'Barnaby',
        'Okonkwo',
        REPRESENTATIVE_EMAIL,
        '7700 900456',
        link,
      ].some((secret) => line.includes(secret)),
    );
    expect(leaks).toEqual([]);
  }, 120_000);
});
