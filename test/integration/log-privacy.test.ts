import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '../../lib/config';
import { freePort } from '../support/free-port';
import { httpClient } from '../support/http-client';
import { journeyDriver } from '../support/journey-driver';
import { startProcess } from '../support/start-process';
import { manager, openJourneyBody } from '../support/test-system';
import { testEnv } from '../support/test-env';

const NAME = 'Philippa Vandersloot';
const NHS = '4857773457';
const EMAIL = 'philippa.vandersloot@example.org';
const REPRESENTATIVE = 'Barnaby Okonkwo-Fitch';

/**
 * `npm start`'s process (API, worker, local mail server) at debug level, every line of its output kept,
 * while a journey runs from referral to active support and beyond, with bad and refused requests
 * between. No line may hold the person's name, NHS number, email or their representative's name.
 */
describe('logs never hold personal data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbe-logs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a whole journey with logs captured and finds no name, NHS number or email in any line', async () => {
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
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
        contact: { email: EMAIL, phone: '+44 7700 900123', address: '1 Privet Lane, Leeds' },
        representative: { name: REPRESENTATIVE, relationship: 'son', contact: { email: 'barnaby@example.org' } },
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
    } finally {
      expect(await started.interrupt()).toBe(0);
    }
    const lines = started.output().split('\n').filter(Boolean);
    // The capture works: the API logged requests, with their statuses.
    expect(lines.filter((line) => line.includes('"statusCode"')).length).toBeGreaterThan(20);
    const leaks = lines.filter((line) =>
      [NAME, 'Philippa', 'Vandersloot', NHS, '485 777 3457', EMAIL, REPRESENTATIVE, 'Privet', '7700 900123'].some((secret) => line.includes(secret)),
    );
    expect(leaks).toEqual([]);
  });
});
