import { randomUUID } from 'node:crypto';
import type { Principal } from '../../app/principal';
import { SESSION_COOKIE } from '../../http/identify';
import { MAX_JSON_DEPTH } from '../../http/json-body';
import { serverTimingMs } from '../../http/server-timing';
import { csrfTokenFor } from '../../web/session';
import { coordinator } from '../support/http-client';
import { journeyDriver } from '../support/journey-driver';
import { personLinkPath } from '../support/person-links';
import { manager, startTestSystem, type TestSystem } from '../support/test-system';
import { webClient } from '../support/web-client';

/**
 * The security review's findings (issue 14), each shown against a real system: what an attacker or a
 * careless deployer could do before, refused now.
 */
describe('the security review, on a development system', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.stop());

  const raw = (path: string, init: RequestInit = {}) => fetch(`${system.url}${path}`, { redirect: 'manual', ...init });
  const bearer = async (principal: Principal) => {
    const { mintDevToken } = await import('../../http/tokens');
    return { authorization: `Bearer ${await mintDevToken(system.config.AUTH_DEV_SECRET, principal)}` };
  };

  it('says on every page, while anyone may sign in as anyone, that the sign-in is the development one', async () => {
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
    for (const [path, as] of [
      ['/sign-in', null],
      ['/caseload', coordinator],
      ['/dashboard', manager],
      ['/no-such-page', coordinator],
    ] as const) {
      const shown = await page('GET', path, { as, headers: { accept: 'text/html' } });
      expect([path, shown.html]).toEqual([path, expect.stringContaining('Development sign-in:')]);
    }
  });

  it('authenticates by route, not by the spelling of the URL: a percent-encoded path reaches no handler without a token', async () => {
    const id = await journeyDriver(system).open();
    for (const path of [`/%61pi/journeys/${id}`, `/%61pi/journeys/${id}/events`, '/%63odec/decode']) {
      const method = path.endsWith('/decode') ? 'POST' : 'GET';
      const answer = await raw(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{"payloads":[]}' : undefined,
      });
      expect([path, answer.status]).toEqual([path, 401]);
    }
    // The same routes, spelled so, answer a caller who sent a token: they are the API's routes.
    expect((await raw(`/%61pi/journeys/${id}`, { headers: await bearer(coordinator) })).status).toBe(200);
  });

  it(`refuses a body nested deeper than ${MAX_JSON_DEPTH} levels with a 400 naming where, as fast as a flat body, however deep (100,000 levels)`, async () => {
    const id = await journeyDriver(system).open();
    const headers = { ...(await bearer(coordinator)), 'content-type': 'application/json' };
    const post = async (body: string) => {
      const answer = await raw(`/api/journeys/${id}/commands`, { method: 'POST', headers, body });
      return { status: answer.status, body: (await answer.json()) as any, ms: serverTimingMs(answer.headers.get('server-timing'))! };
    };
    // The baseline is a flat body of the same size, so the comparison is of nesting, not of bytes on the wire.
    const flat = JSON.stringify({ type: 'put_on_hold', reason: 'x'.repeat(200_000) });
    const deepArrays = `{"type":"put_on_hold","reason":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const deepObjects = `{"type":"put_on_hold","reason":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}`;
    const times = { flat: [] as number[], deep: [] as number[] };
    for (let round = 0; round < 7; round++) {
      const plain = await post(flat);
      expect(plain.status).toBe(400);
      times.flat.push(plain.ms);
      for (const body of [deepArrays, deepObjects]) {
        const deep = await post(body);
        expect(deep.status).toBe(400);
        expect(deep.body.error.issues[0]).toEqual({
          path: expect.stringMatching(/^reason\./),
          message: `nests values more than ${MAX_JSON_DEPTH} levels deep`,
        });
        times.deep.push(deep.ms);
      }
    }
    // The server's own time (Server-Timing), the fastest of seven rounds so that a busy machine's pauses do not count:
    // the deep body is refused within a few milliseconds of the flat one (a recursive walk would take seconds or overflow).
    expect(Math.min(...times.deep)).toBeLessThan(Math.min(...times.flat) + 10);
    expect((await journeyDriver(system).events(id)).map((e) => e.type)).not.toContain('journey_put_on_hold');
  });

  it('sends a browser after sign-in only to a page of ours: tabs, newlines, backslashes and encodings do not reach another site', async () => {
    for (const next of [
      '/\t/evil.example',
      '/\n/evil.example',
      '/\\evil.example',
      '//evil.example',
      'https://evil.example',
      '/%09/evil.example',
    ]) {
      const form = new URLSearchParams({ role: 'coordinator', sub: 'redirected', teams: 'north', next });
      const answer = await raw('/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.url },
        body: form.toString(),
      });
      expect(answer.status).toBe(303);
      const location = answer.headers.get('location')!;
      expect([next, new URL(location, system.url).origin]).toEqual([next, system.url]);
      expect([next, location.startsWith('/') && !location.startsWith('//') && !location.includes('\\')]).toEqual([next, true]);
    }
  });

  describe('personal links', () => {
    it('are made, listed and revoked through the API, open the page once, and are built from the public address, never the Host header', async () => {
      const id = await journeyDriver(system).open();
      const made = await system.request('POST', `/api/journeys/${id}/person-links`, { headers: { host: 'evil.example' } });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ linkId: expect.any(String), status: 'waiting', createdBy: { sub: 'alice', role: 'coordinator' } });
      // No PUBLIC_BASE_URL in development: the address this server listens on.
      expect(made.body.url).toMatch(new RegExp(`^${system.url}/p\\?t=[\\w-]{43}$`));

      const listed = await system.request('GET', `/api/journeys/${id}/person-links`);
      expect(listed.body.links).toEqual([expect.objectContaining({ linkId: made.body.linkId, status: 'waiting' })]);
      expect(JSON.stringify(listed.body)).not.toContain(made.body.url.split('t=')[1]);

      const path = new URL(made.body.url).pathname + new URL(made.body.url).search;
      const first = await raw(path);
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/my-journey');
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      expect((await raw('/my-journey', { headers: { cookie } })).status).toBe(200);
      // Once: a second opening, from anywhere, opens nothing.
      expect((await raw(path)).status).toBe(404);
      expect((await system.request('GET', `/api/journeys/${id}/person-links`)).body.links[0].status).toBe('used');

      // Revoked at once: the session it opened ends with it.
      const revoked = await system.request('DELETE', `/api/journeys/${id}/person-links/${made.body.linkId}`, { as: manager });
      expect(revoked).toMatchObject({ status: 200, body: { status: 'revoked' } });
      expect((await raw('/my-journey', { headers: { cookie } })).headers.get('location')).toMatch(/^\/sign-in/);
      // A link revoked before use opens nothing either.
      const unused = await personLinkPath(system.request, id);
      const linkId = (await system.request('GET', `/api/journeys/${id}/person-links`)).body.links[0].linkId;
      await system.request('DELETE', `/api/journeys/${id}/person-links/${linkId}`);
      expect((await raw(unused)).status).toBe(404);
    });

    it('are made only for a journey the coordinator sees, and never for a closed one', async () => {
      const drive = journeyDriver(system);
      const id = await drive.open();
      const south: Principal = { sub: 'sol', role: 'coordinator', teams: ['south'] };
      expect((await system.request('POST', `/api/journeys/${id}/person-links`, { as: south })).status).toBe(404);
      expect((await system.request('POST', `/api/journeys/${id}/person-links`, { as: manager })).status).toBe(403);
      expect((await drive.send(id, { type: 'close', reason: 'moved' })).status).toBe(200);
      expect((await system.request('POST', `/api/journeys/${id}/person-links`)).status).toBe(409);
    });
  });

  it("lists on a coordinator's caseload only journeys of their teams, even one that names them as its coordinator", async () => {
    const team = `team-${randomUUID().slice(0, 8)}`;
    const other = `team-${randomUUID().slice(0, 8)}`;
    const lead: Principal = { sub: `lead-${team}`, role: 'coordinator', teams: [team] };
    const drive = journeyDriver(system, { as: { ...lead, teams: [team, other] } });
    const ownJourney = await drive.open({ team });
    const otherJourney = await drive.open({ team: other });
    for (const id of [ownJourney, otherJourney]) await drive.send(id, { type: 'assign_coordinator', coordinator: lead.sub });
    const caseload = await webClient(system.url, system.config.AUTH_DEV_SECRET, system.db)('GET', '/caseload', { as: lead });
    expect(caseload.status).toBe(200);
    expect(caseload.html).toContain(`/journeys/${ownJourney}`);
    expect(caseload.html).not.toContain(`/journeys/${otherJourney}`);
  });

  it('ends a session on the server at sign-out: the same cookie, kept by someone, opens nothing after', async () => {
    const form = new URLSearchParams({ role: 'coordinator', sub: 'signs-out', teams: 'north' });
    const signedIn = await raw('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.url },
      body: form.toString(),
    });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect((await raw('/caseload', { headers: { cookie } })).status).toBe(200);
    const secret = decodeURIComponent(cookie.split('=')[1]!);
    const out = await raw('/sign-out', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: system.url },
      body: new URLSearchParams({ _csrf: csrfTokenFor(system.config.AUTH_DEV_SECRET, secret) }).toString(),
    });
    expect(out.status).toBe(303);
    const after = await raw('/caseload', { headers: { cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/sign-in/);
  });

  it('writes audit rows only for ids a journey could have: a name or NHS number in a path never reaches the trail', async () => {
    const names = ['Ada Lovelace', '9434765919'];
    for (const name of names) expect((await system.request('GET', `/api/journeys/${encodeURIComponent(name)}/events`)).status).toBe(404);
    const missing = randomUUID();
    expect((await system.request('GET', `/api/journeys/${missing}/events`)).status).toBe(404);
    const rows = await system.db
      .selectFrom('audit_log')
      .select(['journey_id', 'outcome'])
      .where('journey_id', 'in', [...names, missing])
      .execute();
    expect(rows).toEqual([{ journey_id: missing, outcome: 'not_found' }]);
  });

  it('marks every API answer no-store, whatever its status: personal data stays out of caches', async () => {
    const id = await journeyDriver(system).open();
    const auth = await bearer(coordinator);
    for (const [path, headers, status] of [
      [`/api/journeys/${id}`, auth, 200],
      [`/api/journeys/${id}/events`, auth, 200],
      ['/api/journeys?limit=5', auth, 200],
      [`/api/journeys/${randomUUID()}`, auth, 404],
      [`/api/journeys/${id}`, {}, 401],
    ] as const) {
      const answer = await raw(path, { headers });
      expect([path, answer.status, answer.headers.get('cache-control')]).toEqual([path, status, 'no-store']);
    }
  });
});

describe('the security review, where the public address is https', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ PUBLIC_BASE_URL: 'https://budgets.example.nhs.uk' });
  });
  afterAll(() => system.stop());

  it('marks every cookie Secure, and builds personal links from the public address', async () => {
    const signedIn = await fetch(`${system.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.url },
      body: new URLSearchParams({ role: 'manager', sub: 'secure-check', teams: '' }).toString(),
    });
    expect(signedIn.headers.get('set-cookie')).toMatch(/; Secure/);
    const id = await journeyDriver(system).open();
    const made = await system.request('POST', `/api/journeys/${id}/person-links`);
    expect(made.body.url).toMatch(/^https:\/\/budgets\.example\.nhs\.uk\/p\?t=[\w-]{43}$/);
    const opened = await fetch(`${system.url}${new URL(made.body.url).pathname}${new URL(made.body.url).search}`, { redirect: 'manual' });
    expect(opened.headers.get('set-cookie')).toMatch(/; Secure/);
  });
});
