import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { readStream } from '../../db/event-store';
import { journeyStreamId } from '../../domain/ids';
import { createOidcClient, SignInRefused } from '../../web/oidc-client';
import { launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { freePort } from '../support/free-port';
import { productionSettings, startTestSystem, type TestSystem } from '../support/test-system';

/**
 * Staff sign in to the pages through the organisation's identity provider: a local issuer on node:http
 * (discovery, an authorization endpoint that approves a preset user at once, a token endpoint that
 * checks the client, the code, its single use and PKCE, and a JWKS), with keys made here. Requests are
 * real HTTP with fetch, redirects followed and cookies carried by hand as a browser would.
 */
const clientId = 'personal-budgets-web';
const clientSecret = 'a client secret: with spaces & symbols';
/** Registered at the provider without a secret: it authenticates by PKCE alone. */
const publicClientId = 'personal-budgets-kiosk';
const audience = 'personal-budget-engine-api';
const user = { sub: 'kc-7f3a9', groups: ['north'] };

/** What the issuer does wrong (or differently) in one test; reset before each. */
interface Behaviour {
  roles: string[];
  accessAudience: string;
  accessSeconds: number;
  nonce?: string;
  forgeIdToken?: boolean;
  idIssuer?: string;
  idAudience?: string | string[];
  /** How long ago the ID token was issued; it lasts 300 s. */
  idAgeSeconds?: number;
  discoveryDown?: boolean;
}
const normal = (): Behaviour => ({ roles: ['offline_access', 'coordinator'], accessAudience: audience, accessSeconds: 300 });

let issuerServer: Server;
let issuer: string;
let system: TestSystem;
let signing: { privateKey: CryptoKey; jwk: JWK };
let forger: CryptoKey;
let behaviour = normal();
const authorizations: Array<Record<string, string>> = [];
const tokenRequests: Array<{ authorization?: string; grant: Record<string, string> }> = [];
const codes = new Map<string, { clientId: string; nonce: string; challenge: string; redirectUri: string }>();
/** What the token endpoint gave last, to show that no refusal's message repeats it. */
let lastIssued: { code: string; access_token: string; id_token: string } | undefined;

const s256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const bodyOf = async (request: IncomingMessage) => {
  let text = '';
  for await (const chunk of request) text += chunk;
  return Object.fromEntries(new URLSearchParams(text));
};

/** The client id and secret of an HTTP Basic header, decoded as a real server does: each part was form-encoded first (RFC 6749 2.3.1). */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const [scheme, credentials = ''] = (authorization ?? '').split(' ');
  const decoded = Buffer.from(credentials, 'base64').toString();
  const colon = decoded.indexOf(':');
  if (scheme !== 'Basic' || colon < 0) return undefined;
  const formDecoded = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
  try {
    return { id: formDecoded(decoded.slice(0, colon)), secret: formDecoded(decoded.slice(colon + 1)) };
  } catch {
    return undefined; // not percent-encoding at all
  }
}

/** The client a token request authenticates as: the confidential one by Basic, or the public one by its client_id in the body. */
function clientOf(authorization: string | undefined, grant: Record<string, string>): string | undefined {
  if (authorization === undefined) return grant.client_id === publicClientId ? publicClientId : undefined;
  const basic = basicCredentials(authorization);
  return basic?.id === clientId && basic.secret === clientSecret ? clientId : undefined;
}

async function tokens(grant: Record<string, string>, authorization: string | undefined) {
  tokenRequests.push({ authorization, grant });
  const client = clientOf(authorization, grant);
  if (!client) return { status: 401, body: { error: 'invalid_client' } };
  const issued = codes.get(grant.code ?? '');
  codes.delete(grant.code ?? ''); // a code is good once
  if (
    grant.grant_type !== 'authorization_code' ||
    !issued ||
    issued.clientId !== client ||
    issued.redirectUri !== grant.redirect_uri ||
    s256(grant.code_verifier ?? '') !== issued.challenge
  )
    return { status: 400, body: { error: 'invalid_grant' } };
  const now = Math.floor(Date.now() / 1000);
  const sign = (
    claims: Record<string, unknown>,
    {
      aud,
      seconds,
      key = signing.privateKey,
      iss = issuer,
      iat = now,
    }: { aud: string | string[]; seconds: number; key?: CryptoKey; iss?: string; iat?: number },
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setIssuer(iss)
      .setSubject(user.sub)
      .setAudience(aud)
      .setIssuedAt(iat)
      .setExpirationTime(iat + seconds)
      .sign(key);
  const body = {
    token_type: 'Bearer',
    expires_in: behaviour.accessSeconds,
    access_token: await sign(
      { realm_access: { roles: behaviour.roles }, groups: user.groups },
      { aud: behaviour.accessAudience, seconds: behaviour.accessSeconds },
    ),
    id_token: await sign(
      { nonce: behaviour.nonce ?? issued.nonce, name: 'Alex Coordinator' },
      {
        aud: behaviour.idAudience ?? client,
        seconds: 300,
        key: behaviour.forgeIdToken ? forger : signing.privateKey,
        iss: behaviour.idIssuer,
        iat: now - (behaviour.idAgeSeconds ?? 0),
      },
    ),
  };
  lastIssued = { code: grant.code!, access_token: body.access_token, id_token: body.id_token };
  return { status: 200, body };
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signing = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' } };
  forger = (await generateKeyPair('RS256')).privateKey;
  issuerServer = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration')
      return behaviour.discoveryDown
        ? json(503, {})
        : json(200, {
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/keys`,
            end_session_endpoint: `${issuer}/logout`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256', 'ES256'],
            token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
            code_challenge_methods_supported: ['S256'],
            // As Keycloak and others say: every answer names its issuer (RFC 9207).
            authorization_response_iss_parameter_supported: true,
          });
    // A discovery document that names another issuer than the one it was fetched for.
    if (url.pathname === '/liar/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/keys`,
      });
    if (url.pathname === '/keys') return json(200, { keys: [signing.jwk] });
    // The organisation's intranet, on the provider's site: staff follow a link from there to the app.
    if (url.pathname === '/portal')
      return response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><title>Intranet</title><a href="${system.url}/caseload">Personal budgets</a>`);
    if (url.pathname === '/authorize') {
      const query = Object.fromEntries(url.searchParams);
      authorizations.push(query);
      if (
        ![clientId, publicClientId].includes(query.client_id ?? '') ||
        query.response_type !== 'code' ||
        query.code_challenge_method !== 'S256' ||
        !query.redirect_uri
      )
        return json(400, { error: 'invalid_request' });
      const code = randomUUID();
      codes.set(code, {
        clientId: query.client_id!,
        nonce: query.nonce!,
        challenge: query.code_challenge!,
        redirectUri: query.redirect_uri,
      });
      const back = new URL(query.redirect_uri);
      back.search = new URLSearchParams({ code, state: query.state ?? '', iss: issuer }).toString();
      return response.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const answer = await tokens(await bodyOf(request), request.headers.authorization);
      return json(answer.status, answer.body);
    }
    return json(404, {});
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  // Another site than the app (127.0.0.1), as a real provider is: SameSite rules apply on the way back.
  issuer = `http://localhost:${(issuerServer.address() as AddressInfo).port}`;
  const port = await freePort();
  system = await startTestSystem({
    ...productionSettings(port, issuer),
    PORT: String(port),
    AUTH_DEV_SECRET: 'this-deployment-own-secret-0123456789abcdef',
    OIDC_ISSUER: issuer,
    OIDC_AUDIENCE: audience,
    OIDC_ROLE_CLAIM: 'realm_access.roles',
    OIDC_TEAMS_CLAIM: 'groups',
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/sign-in/callback`,
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await new Promise((resolve) => issuerServer?.close(resolve));
});

beforeEach(() => {
  behaviour = normal();
});

/** A browser's cookies for the app: names, values and paths, dropped when told Max-Age=0. */
function cookieJar() {
  const cookies = new Map<string, { value: string; path: string }>();
  return {
    cookies,
    header(url: URL): string {
      return [...cookies]
        .filter(([, c]) => url.pathname.startsWith(c.path))
        .map(([name, c]) => `${name}=${c.value}`)
        .join('; ');
    },
    keep(response: Response): void {
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';').map((s) => s.trim());
        const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
        const path = attributes.find((a) => a.startsWith('Path='))?.slice(5) ?? '/';
        if (attributes.includes('Max-Age=0')) cookies.delete(name);
        else cookies.set(name, { value, path });
      }
    },
  };
}
type Jar = ReturnType<typeof cookieJar>;

/** One request as a browser makes it: cookies for our app only, redirects not followed. */
async function visit(jar: Jar, target: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(target, system.url);
  const ours = url.origin === new URL(system.url).origin;
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), ...(ours ? { cookie: jar.header(url) } : {}) },
  });
  if (ours) jar.keep(response);
  return response;
}

/** Out to the identity provider and back: the callback URL it sends the browser to (not yet visited). */
async function authorize(jar: Jar, start = '/sign-in'): Promise<URL> {
  const toIssuer = await visit(jar, start);
  expect(toIssuer.status).toBe(303);
  const back = await visit(jar, toIssuer.headers.get('location')!);
  expect(back.status).toBe(302);
  return new URL(back.headers.get('location')!);
}

const hasSession = (jar: Jar) => jar.cookies.has('pbe_session');
const caseloadStatus = async (jar: Jar) => {
  const response = await visit(jar, '/caseload');
  return { status: response.status, location: response.headers.get('location') };
};

async function signIn(jar: Jar, start = '/sign-in'): Promise<Response> {
  return visit(jar, (await authorize(jar, start)).toString());
}

describe('staff sign in through the organisation’s OpenID Connect provider', () => {
  test('the round trip: code flow with PKCE, state and nonce; the caseload loads; a form post is attributed to their sub', async () => {
    const jar = cookieJar();
    expect(await caseloadStatus(jar)).toEqual({ status: 303, location: '/sign-in?next=%2Fcaseload' });

    const callback = await authorize(jar, '/sign-in?next=%2Fcaseload');
    const asked = authorizations.at(-1)!;
    expect(asked).toMatchObject({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: `${system.url}/sign-in/callback`,
      scope: 'openid',
      code_challenge_method: 'S256',
    });
    expect(asked.state!.length).toBeGreaterThanOrEqual(43);
    expect(asked.nonce!.length).toBeGreaterThanOrEqual(43);
    expect(asked.code_challenge).toMatch(/^[\w-]{43}$/);
    // The attempt in flight is kept Lax (it must come back from the provider's site), only for /sign-in.
    expect(jar.cookies.get('pbe_oidc')?.path).toBe('/sign-in');

    const landed = await visit(jar, callback.toString());
    expect(landed.status).toBe(200);
    const page = await landed.text();
    // A page that moves on by itself (no script), so the SameSite=Strict session cookie goes with it.
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/caseload">');
    expect(page).not.toMatch(/<script|style=/);
    const sessionCookie = landed.headers.getSetCookie().find((c) => c.startsWith('pbe_session='))!;
    expect(sessionCookie).toMatch(/; HttpOnly; SameSite=Strict/);
    expect(Number(sessionCookie.match(/Max-Age=(\d+)/)![1])).toBeLessThanOrEqual(300);
    expect(jar.cookies.has('pbe_oidc')).toBe(false);

    const caseload = await visit(jar, '/caseload');
    expect(caseload.status).toBe(200);
    const caseloadPage = await caseload.text();
    expect(caseloadPage).toContain(`${user.sub} (coordinator)`);
    // The identity provider signs people in here: no page speaks of a development sign-in.
    expect(caseloadPage).not.toContain('Development sign-in');

    // Open a journey through the form: the page posts to the API with the provider's access token.
    const form = await (await visit(jar, '/journeys/new')).text();
    const hidden = (name: string) => form.match(new RegExp(`name="${name}" value="([^"]+)"`))![1]!;
    const posted = await visit(jar, '/journeys/new', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.url },
      body: new URLSearchParams({
        _csrf: hidden('_csrf'),
        _key: hidden('_key'),
        name: 'Ada Example',
        nhsNumber: '943 476 5919',
        'dob-day': '2',
        'dob-month': '3',
        'dob-year': '1950',
        email: 'ada@example.org',
        channel: 'email',
        format: 'standard',
        pathway: 'chc',
        team: 'north',
        referralSource: 'gp',
      }),
    });
    expect(posted.status).toBe(303);
    const journeyId = posted.headers.get('location')!.match(/^\/journeys\/([0-9a-f-]{36})$/)![1]!;
    expect((await visit(jar, `/journeys/${journeyId}`)).status).toBe(200);
    const events = await readStream(system.db, journeyStreamId(journeyId));
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.actor.role !== 'system').map((e) => e.actor)).toContainEqual({ sub: user.sub, role: 'coordinator' });
    expect(events.every((e) => e.actor.role === 'system' || e.actor.sub === user.sub)).toBe(true);
    const trail = await system.db.selectFrom('audit_log').select(['actor_sub', 'actor_role']).where('journey_id', '=', journeyId).execute();
    expect(trail.length).toBeGreaterThan(0);
    expect(trail.every((row) => row.actor_sub === user.sub && row.actor_role === 'coordinator')).toBe(true);
  });

  test('sign-out clears the session and offers the provider’s own sign-out', async () => {
    const jar = cookieJar();
    expect((await signIn(jar)).status).toBe(200);
    expect((await caseloadStatus(jar)).status).toBe(200);
    const out = await visit(jar, '/sign-out', { method: 'POST', headers: { origin: system.url } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/signed-out');
    expect(hasSession(jar)).toBe(false);
    expect(await caseloadStatus(jar)).toEqual({ status: 303, location: '/sign-in?next=%2Fcaseload' });
    const page = await (await visit(jar, '/signed-out')).text();
    const link = new URL(page.match(/href="(http[^"]+\/logout[^"]+)"/)![1]!.replace(/&amp;/g, '&'));
    expect(Object.fromEntries(link.searchParams)).toEqual({
      client_id: clientId,
      post_logout_redirect_uri: `${system.url}/signed-out?everywhere=1`,
    });
    expect(await (await visit(jar, '/signed-out?everywhere=1')).text()).not.toContain('/logout');
  });

  test('an expired access token sends them back to sign in', async () => {
    behaviour.accessSeconds = 2;
    const jar = cookieJar();
    expect((await signIn(jar)).status).toBe(200);
    expect((await caseloadStatus(jar)).status).toBe(200);
    const deadline = Date.now() + 15_000;
    let seen = await caseloadStatus(jar);
    while (seen.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = await caseloadStatus(jar);
    }
    expect(seen).toEqual({ status: 303, location: '/sign-in?next=%2Fcaseload' });
  });

  /** A sign-in with the provider misbehaving as told. */
  const misbehaving = (change: (b: Behaviour) => void) => async (jar: Jar) => {
    change(behaviour);
    return signIn(jar);
  };
  /** A sign-in whose way back is altered on the way, as by an attacker or a confused provider. */
  const answeredWith = (change: (callback: URL) => void) => async (jar: Jar) => {
    const callback = await authorize(jar);
    change(callback);
    return visit(jar, callback.toString());
  };
  const refusals: Array<[string, (jar: Jar) => Promise<Response>, number]> = [
    ['a wrong state', answeredWith((callback) => callback.searchParams.set('state', 'not-the-state-this-browser-sent')), 400],
    [
      'a callback this browser did not start',
      async () => {
        const callback = await authorize(cookieJar());
        return visit(cookieJar(), callback.toString());
      },
      400,
    ],
    [
      'a replayed code',
      async (jar) => {
        const first = await authorize(jar);
        expect((await visit(cookieJar(), first.toString())).status).toBe(400); // elsewhere: no attempt in flight
        const used = await visit(jar, first.toString());
        expect(used.status).toBe(200);
        jar.cookies.clear();
        // A fresh attempt in this browser, answered with the code already used.
        const fresh = await authorize(jar);
        fresh.searchParams.set('code', first.searchParams.get('code')!);
        return visit(jar, fresh.toString());
      },
      400,
    ],
    ['a wrong nonce in the ID token', misbehaving((b) => (b.nonce = 'a-nonce-from-another-sign-in')), 400],
    ['an ID token signed by another key', misbehaving((b) => (b.forgeIdToken = true)), 400],
    ['an ID token from another issuer', misbehaving((b) => (b.idIssuer = 'https://elsewhere.example')), 400],
    ['an ID token for another client', misbehaving((b) => (b.idAudience = 'another-client')), 400],
    [
      'an ID token for us and another client that names no authorized party',
      misbehaving((b) => (b.idAudience = [clientId, 'another-client'])),
      400,
    ],
    ['an ID token that expired 100 s ago (past the 30 s allowed for clock skew)', misbehaving((b) => (b.idAgeSeconds = 400)), 400],
    [
      'an answer that names another issuer (a mix-up, RFC 9207)',
      answeredWith((callback) => callback.searchParams.set('iss', 'https://elsewhere.example')),
      400,
    ],
    ['an answer without the iss this provider says it always sends', answeredWith((callback) => callback.searchParams.delete('iss')), 400],
    [
      'an answer that carries its state twice',
      answeredWith((callback) => callback.searchParams.append('state', 'not-the-state-this-browser-sent')),
      400,
    ],
    [
      'the provider’s own refusal (access_denied)',
      answeredWith((callback) => {
        callback.search = new URLSearchParams({
          error: 'access_denied',
          state: callback.searchParams.get('state')!,
          iss: issuer,
        }).toString();
      }),
      400,
    ],
    ['an access token for another audience', misbehaving((b) => (b.accessAudience = 'some-other-api')), 403],
    ['an account with no role we know', misbehaving((b) => (b.roles = ['offline_access', 'superuser'])), 403],
  ];
  test.each(refusals)('%s is refused with a clear page and leaves no session', async (_, attempt, status) => {
    const jar = cookieJar();
    const response = await attempt(jar);
    expect(response.status).toBe(status);
    expect(await response.text()).toContain('You could not be signed in');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('pbe_session='))).toBe(false);
    expect(hasSession(jar)).toBe(false);
    expect(await caseloadStatus(jar)).toEqual({ status: 303, location: '/sign-in?next=%2Fcaseload' });
  });

  test('the development sign-in is off', async () => {
    const response = await visit(cookieJar(), '/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.url },
      body: 'role=admin&sub=mallory&teams=north',
    });
    expect(response.status).toBe(404);
  });

  test('in Chromium: the provider’s round trip lands on the caseload, and the refusal and signed-out pages pass axe', async () => {
    const browser = await launchBrowser();
    try {
      // bypassCSP lets axe-core in; only the app and the issuer are reachable (the NHS font CDN is not waited on).
      const context = await browser.newContext({ bypassCSP: true });
      await context.route('**/*', (route) =>
        route.request().url().startsWith(system.url) || route.request().url().startsWith(issuer) ? route.continue() : route.abort(),
      );
      const page = await context.newPage();
      const check = async (name: string) => {
        expect(await page.locator('script, [style], style').count()).toBe(0);
        expect((await seriousViolations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
        await screenshot(page, name);
      };
      // The SameSite=Strict session cookie set at the callback goes with the page's own move to the caseload.
      // Started from another site, so the whole chain of redirects is cross-site, as when staff come from the intranet.
      await page.goto(`${issuer}/portal`);
      await page.click('a');
      await page.waitForURL(`${system.url}/caseload`);
      expect(await page.locator('h1').first().innerText()).toBeTruthy();
      expect(await page.content()).toContain(`${user.sub} (coordinator)`);
      await page.click('button:has-text("Sign out"), a:has-text("Sign out")');
      await page.waitForURL(`${system.url}/signed-out`);
      await check('signed-out');

      behaviour.roles = ['superuser'];
      await page.goto(`${system.url}/sign-in`);
      await page.waitForURL(/\/sign-in\/callback/);
      expect(await page.locator('h1').innerText()).toBe('You could not be signed in');
      await check('sign-in-refused');
      await context.close();
    } finally {
      await browser.close();
    }
  });
});

describe('the relying party (web/oidc-client.ts) against the same provider', () => {
  const redirectUrl = 'http://127.0.0.1:9/sign-in/callback';
  const client = (settings: { issuer?: string; clientId?: string; clientSecret?: string } = {}) =>
    createOidcClient({ issuer, clientId, clientSecret, redirectUrl, ...settings });

  /** Out to the provider and back, as the browser would go: the callback's parameters and the attempt in flight. */
  async function roundTrip(relyingParty: ReturnType<typeof client>) {
    const { url, pending } = await relyingParty.begin();
    const back = await fetch(url, { redirect: 'manual' });
    expect(back.status).toBe(302);
    return { query: Object.fromEntries(new URL(back.headers.get('location')!).searchParams), pending };
  }

  test('a confidential client authenticates by HTTP Basic, each part form-encoded, and sends no secret in the body', async () => {
    const relyingParty = client();
    const { query, pending } = await roundTrip(relyingParty);
    const { accessToken, idClaims } = await relyingParty.finish(query, pending);
    expect(accessToken).toBe(lastIssued!.access_token);
    expect(idClaims).toMatchObject({ iss: issuer, sub: user.sub, nonce: pending.nonce, aud: clientId });
    const { authorization, grant } = tokenRequests.at(-1)!;
    expect(basicCredentials(authorization)).toEqual({ id: clientId, secret: clientSecret });
    expect(grant).toMatchObject({ grant_type: 'authorization_code', code_verifier: pending.codeVerifier, redirect_uri: redirectUrl });
    expect(grant).not.toHaveProperty('client_secret');
  });

  test('a public client (no secret) sends its client_id in the body and proves itself by PKCE alone', async () => {
    const kiosk = client({ clientId: publicClientId, clientSecret: undefined });
    const { query, pending } = await roundTrip(kiosk);
    expect(authorizations.at(-1)).toMatchObject({ client_id: publicClientId, code_challenge_method: 'S256' });
    const { accessToken, idClaims } = await kiosk.finish(query, pending);
    expect(accessToken).toBe(lastIssued!.access_token);
    expect(idClaims.aud).toBe(publicClientId);
    const { authorization, grant } = tokenRequests.at(-1)!;
    expect(authorization).toBeUndefined();
    expect(grant).toMatchObject({ client_id: publicClientId, code_verifier: pending.codeVerifier });
  });

  test('discovery that failed is tried again at the next sign-in', async () => {
    const relyingParty = client();
    behaviour.discoveryDown = true;
    const failed = await relyingParty.begin().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(SignInRefused); // not reached is not refused: 503, not 400
    expect(await relyingParty.endSessionUrl('http://127.0.0.1:9/signed-out')).toBeUndefined();
    behaviour.discoveryDown = false;
    expect((await relyingParty.begin()).url).toMatch(new RegExp(`^${issuer}/authorize\\?`));
  });

  test('a discovery document that names another issuer than the configured one is refused', async () => {
    await expect(client({ issuer: `${issuer}/liar` }).begin()).rejects.toThrow(/issuer does not match/);
  });

  test.each<[string, () => void, RegExp]>([
    ['a wrong nonce', () => (behaviour.nonce = 'a-nonce-from-another-sign-in'), /nonce/],
    ['a forged ID token', () => (behaviour.forgeIdToken = true), /signature/],
    ['an ID token for another client', () => (behaviour.idAudience = 'another-client'), /aud/],
    ['an expired ID token', () => (behaviour.idAgeSeconds = 400), /exp/],
  ])('%s is a SignInRefused whose message names the check and holds neither the code nor a token', async (_, misbehave, check) => {
    const relyingParty = client();
    const { query, pending } = await roundTrip(relyingParty);
    misbehave();
    const refused = await relyingParty.finish(query, pending).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SignInRefused);
    const { message } = refused as SignInRefused;
    expect(message).toMatch(check);
    expect(lastIssued!.code).toBe(query.code);
    for (const secret of Object.values(lastIssued!)) expect(message).not.toContain(secret);
    expect(message).not.toContain(pending.nonce);
    expect(message).not.toContain(pending.codeVerifier);
  });

  test('a code used once is refused the second time, as the token endpoint says (invalid_grant)', async () => {
    const relyingParty = client();
    const { query, pending } = await roundTrip(relyingParty);
    await relyingParty.finish(query, pending);
    await expect(relyingParty.finish(query, pending)).rejects.toThrow(new SignInRefused('the token endpoint answered 400 invalid_grant'));
  });
});
