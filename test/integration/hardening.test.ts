import { mintDevToken } from '../../http/tokens';
import { coordinator, manager, startTestSystem, type TestSystem } from '../support/test-system';
import { webClient } from '../support/web-client';

const limitedSystem = () =>
  startTestSystem(
    { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000', CORS_ORIGINS: 'https://care.example.gov.uk' },
    { runWorker: false },
  );

describe('hardening: headers, CORS, rate limits, validation', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await limitedSystem();
  });
  afterAll(() => system.stop());

  const get = async (path: string, headers: Record<string, string> = {}) => fetch(`${system.url}${path}`, { headers });
  const bearer = async (sub: string) => ({
    authorization: `Bearer ${await mintDevToken(system.config.AUTH_DEV_SECRET, { ...manager, sub })}`,
  });

  it('sends security headers with a strict CSP on every kind of answer: API, pages, errors of both', async () => {
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
    const staff = { ...coordinator, sub: 'header-check' };
    const answers: [string, number, Headers][] = [];
    const fetched = async (label: string, path: string, headers: Record<string, string> = {}) => {
      const response = await get(path, headers);
      answers.push([label, response.status, response.headers]);
    };
    const shown = async (label: string, path: string) => {
      const answer = await page('GET', path, { as: staff });
      answers.push([label, answer.status, answer.headers]);
    };
    await fetched('health', '/health');
    await fetched('an API route', '/api/journeys', await bearer('header-api'));
    await fetched('an API 401', '/api/journeys');
    await fetched('an API 404', '/api/no-such-route', await bearer('header-api'));
    await fetched('a malformed URL', '/api/journeys/%E0%A4%A');
    await fetched('the sign-in page', '/sign-in');
    await shown('a signed-in page', '/caseload');
    await shown('the not-found page', '/journeys/no-such-journey');
    await shown('the wrong-role page', '/dashboard');
    expect(answers.map(([label, status]) => [label, status])).toEqual([
      ['health', 200],
      ['an API route', 200],
      ['an API 401', 401],
      ['an API 404', 404],
      ['a malformed URL', 400],
      ['the sign-in page', 200],
      ['a signed-in page', 200],
      ['the not-found page', 404],
      ['the wrong-role page', 403],
    ]);
    for (const [label, , headers] of answers) {
      const header = (name: string) => [label, headers.get(name)];
      const csp = headers.get('content-security-policy') ?? '';
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ])
        expect([label, csp]).toEqual([label, expect.stringContaining(directive)]);
      expect([label, csp]).toEqual([label, expect.not.stringMatching(/unsafe-inline|unsafe-eval/)]);
      expect(header('x-content-type-options')).toEqual([label, 'nosniff']);
      expect(header('x-frame-options')).toEqual([label, 'DENY']);
      expect(header('referrer-policy')).toEqual([label, 'same-origin']);
      expect(header('strict-transport-security')).toEqual([label, expect.stringMatching(/max-age=\d+/)]);
      expect(header('x-powered-by')).toEqual([label, null]);
    }
  });

  it('allows only configured origins across origins (none by default)', async () => {
    const auth = await bearer('cors-check');
    const allowed = await get('/api/journeys', { ...auth, origin: 'https://care.example.gov.uk' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://care.example.gov.uk');
    const other = await get('/api/journeys', { ...auth, origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${system.url}/api/journeys`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits requests per token: the sixth in the window is 429 with the error body; another token is unaffected', async () => {
    const first = await bearer('busy-user');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get('/api/journeys', first)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await get('/api/journeys', first);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/Too many requests/) } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The key is the verified subject, so a fresh token for the same person is limited too; another person is not.
    expect((await get('/api/journeys', await bearer('busy-user'))).status).toBe(429);
    expect((await get('/api/journeys', await bearer('calm-user'))).status).toBe(200);
  });

  it('limits web pages per session: the sixth page in the window is a 429 page; another session is unaffected', async () => {
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
    const busy = { ...manager, sub: 'busy-browser' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await page('GET', '/approvals', { as: busy })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await page('GET', '/approvals', { as: busy });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^text\/html/);
    expect(limited.html).toContain('Too many requests');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Form posts are pages too.
    expect((await page('POST', '/journeys/new', { as: busy, form: {} })).status).toBe(429);
    expect((await page('GET', '/approvals', { as: { ...manager, sub: 'calm-browser' } })).status).toBe(200);
  });

  it('validates path and query parameters on every route, naming the field', async () => {
    const as = { ...coordinator, sub: 'validator' };
    // An id longer than any journey id never reaches a handler: the router refuses it (414).
    const tooLong = await system.request('GET', `/api/journeys/${'x'.repeat(101)}/events`, { as });
    expect(tooLong.status).toBe(414);
    expect(tooLong.body).toEqual({ error: { code: 'uri_too_long', message: 'A part of the path is too long.' } });
    const badUrl = await system.request('GET', '/api/journeys/%E0%A4%A', { as });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.code).toBe('invalid_url');
    const cases: [string, string][] = [
      ['/api/journeys?limit=-1', 'limit'],
      ['/api/journeys?stage=nowhere', 'stage'],
      ['/api/journeys?cursor=not-a-cursor', 'cursor'],
    ];
    for (const [path, field] of cases) {
      const { status, body } = await system.request('GET', path, { as });
      expect([path, status]).toEqual([path, 400]);
      expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    const audit = await system.request('GET', '/api/journeys/any/audit?cursor=abc', { as: { ...manager, sub: 'validator-m' } });
    expect(audit.status).toBe(400);
    expect(audit.body.error.issues[0].path).toBe('cursor');
    const flow = await system.request('GET', '/api/analytics/flow?from=yesterday', { as: { ...manager, sub: 'validator-m2' } });
    expect(flow.status).toBe(400);
    expect(flow.body.error.issues[0].path).toBe('from');
  });

  it('refuses a body over the size limit with 413', async () => {
    const { status, body } = await system.request('POST', '/api/journeys', {
      as: { ...coordinator, sub: 'big' },
      body: { note: 'x'.repeat(300 * 1024) },
    });
    expect(status).toBe(413);
    expect(body.error.code).toBe('body_too_large');
  });
});

describe('hardening: sign-in is limited by address', () => {
  // A system of its own: every request without a session here shares this machine's address.
  let system: TestSystem;
  beforeAll(async () => {
    system = await limitedSystem();
  });
  afterAll(() => system.stop());

  it('refuses the sixth sign-in post from one address in the window with 429; a signed-in session from there is unaffected', async () => {
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET, system.db);
    const signIn = () => page('POST', '/sign-in', { form: { role: 'coordinator', sub: 'guess', teams: 'north' } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn()).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303]);
    const limited = await signIn();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('set-cookie')).toBeNull();
    // The address is spent for anything without a session (a personal link too), not for a signed-in session.
    expect((await page('GET', '/p?t=guess')).status).toBe(429);
    expect((await page('GET', '/approvals', { as: manager })).status).toBe(200);
  });
});

describe('hardening: what fails before a handler counts against the limit too', () => {
  // A system of its own: every request without a valid credential here shares this machine's address.
  let system: TestSystem;
  beforeAll(async () => {
    system = await limitedSystem();
  });
  afterAll(() => system.stop());

  it('counts bad tokens, bodies that will not parse and health checks against the address: the sixth is 429', async () => {
    const attempts = [
      () => fetch(`${system.url}/api/journeys`, { headers: { authorization: 'Bearer not-a-token' } }),
      () => fetch(`${system.url}/api/journeys`),
      () => fetch(`${system.url}/api/journeys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"person":' }),
      () =>
        fetch(`${system.url}/api/journeys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        }),
      () => fetch(`${system.url}/health`),
    ];
    const statuses: number[] = [];
    for (const attempt of attempts) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 200]);
    const again: number[] = [];
    for (const attempt of attempts) again.push((await attempt()).status);
    expect(again).toEqual([429, 429, 429, 429, 429]);
    // A caller with a valid token has a limit of their own.
    expect(
      (
        await fetch(`${system.url}/api/journeys`, {
          headers: { authorization: `Bearer ${await mintDevToken(system.config.AUTH_DEV_SECRET, manager)}` },
        })
      ).status,
    ).toBe(200);
  });

  it("counts a signed-in caller's bad bodies against them: a flood of deep bodies is limited like any other request", async () => {
    const authorization = `Bearer ${await mintDevToken(system.config.AUTH_DEV_SECRET, { ...manager, sub: 'deep-sender' })}`;
    const deep = () =>
      fetch(`${system.url}/api/journeys`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: `{"person":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await deep()).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });
});
