import { mintDevToken } from '../../api/auth';
import { coordinator, manager, startTestSystem, type TestSystem } from '../support/test-system';
import { webClient } from '../support/web-client';

const limitedSystem = () => startTestSystem({ RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000', CORS_ORIGINS: 'https://care.example.gov.uk' }, { runWorker: false });

describe('hardening: headers, CORS, rate limits, validation', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await limitedSystem();
  });
  afterAll(() => system.stop());

  const get = async (path: string, headers: Record<string, string> = {}) => fetch(`${system.url}${path}`, { headers });
  const bearer = async (sub: string) => ({ authorization: `Bearer ${await mintDevToken(system.config.AUTH_DEV_SECRET, { ...manager, sub })}` });

  it('sends security headers with a strict CSP: same-origin only, no inline code, no framing', async () => {
    const response = await get('/health');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
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
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET);
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
    const { status, body } = await system.request('POST', '/api/journeys', { as: { ...coordinator, sub: 'big' }, body: { note: 'x'.repeat(300 * 1024) } });
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
    const page = webClient(system.url, system.config.AUTH_DEV_SECRET);
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
