import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { mintDevToken } from '../../http/tokens';
import { repoRoot } from '../../lib/temporal-dev-server';
import { journeyDriver } from '../support/journey-driver';
import { personLinkPath } from '../support/person-links';
import { manager, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';

const run = promisify(execFile);

/**
 * Development tokens against the running API: what `npm run token` prints is accepted as the role, teams
 * and subject it was asked for; an expired, forged, or wrong-audience or wrong-issuer token is a 401.
 */
describe('development tokens at the API', () => {
  let system: TestSystem;
  // A secret of this run's own, so a token that works was signed with it and no other.
  const secret = randomBytes(32).toString('base64url');
  beforeAll(async () => {
    system = await startTestSystem({ AUTH_DEV_SECRET: secret });
  });
  afterAll(() => system.stop());

  const call = async (token: string, path = '/api/journeys') => {
    const response = await fetch(`${system.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as any };
  };

  /** A token as `mintDevToken` makes it, with one thing changed. */
  const sign = (change: { key?: string; aud?: string; iss?: string; exp?: number } = {}) =>
    new SignJWT({ role: 'manager', teams: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mara')
      .setIssuer(change.iss ?? 'personal-budget-engine-dev')
      .setAudience(change.aud ?? 'personal-budget-engine')
      .setIssuedAt()
      .setExpirationTime(change.exp ?? '1h')
      .sign(new TextEncoder().encode(change.key ?? secret));

  it('accepts a token made as development tokens are made (the control for the refusals below)', async () => {
    expect((await call(await sign())).status).toBe(200);
  });

  it.each([
    ['an expired token', () => mintDevToken(secret, { ...manager, sub: 'late' }, Math.floor(Date.now() / 1000) - 60)],
    ['a token forged with another secret', () => sign({ key: randomBytes(32).toString('base64url') })],
    ['a token for another audience', () => sign({ aud: 'someone-else' })],
    ['a token from another issuer', () => sign({ iss: 'https://evil.example' })],
    [
      'a personal link, which is not a bearer token',
      async () => (await personLinkPath(system.request, await journeyDriver(system).open())).replace('/p?t=', ''),
    ],
    [
      'an unsigned token (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'manager', teams: [], iss: 'personal-budget-engine-dev', aud: 'personal-budget-engine', exp: 9e9 })).toString('base64url')}.`,
    ],
  ])('refuses %s with 401', async (_what, token) => {
    expect(await call(await token())).toEqual({
      status: 401,
      body: { error: { code: 'unauthenticated', message: 'The token is not valid or has expired.' } },
    });
  });

  it('prints with `npm run token` a token the API takes as the role, teams and subject asked for', async () => {
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'token', '--', '--role', 'coordinator', '--team', 'south', '--team', 'east', '--sub', 'zoe'],
      {
        cwd: repoRoot,
        env: { ...process.env, AUTH_DEV_SECRET: secret },
      },
    );
    const token = stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // A coordinator of south and east: may open a journey for either, not for north.
    const open = (team: string) =>
      fetch(`${system.url}/api/journeys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(openJourneyBody({ team })),
      });
    const opened = await open('east');
    expect(opened.status).toBe(201);
    expect((await open('north')).status).toBe(403);
    const journeyId = ((await opened.json()) as { journeyId: string }).journeyId;
    // The journey's first event is attributed to zoe, as a coordinator.
    const events = (await call(token, `/api/journeys/${journeyId}/events`)).body.events as {
      type: string;
      actor: { sub: string; role: string };
    }[];
    expect(events[0]).toMatchObject({ type: 'journey_opened', actor: { sub: 'zoe', role: 'coordinator' } });
    // Not a manager: the audit trail is refused.
    expect((await call(token, `/api/journeys/${journeyId}/audit`)).status).toBe(403);

    // A role that does not exist is refused by the script, with nothing printed.
    const refused: unknown = await run('npm', ['run', '--silent', 'token', '--', '--role', 'superuser'], {
      cwd: repoRoot,
      env: { ...process.env, AUTH_DEV_SECRET: secret },
    }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('--role') });
  });
});
