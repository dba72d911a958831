import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createTokenVerifier, mintDevToken } from '../../http/tokens';
import { freePort } from '../support/free-port';
import { productionSettings, startTestSystem, type TestSystem } from '../support/test-system';

/**
 * A local OIDC issuer: discovery document and JWKS served by node:http, keys made here. The API, told
 * only the issuer and audience, finds the JWKS by discovery and accepts exactly the issuer's valid tokens.
 */
describe('OIDC: tokens from the issuer, verified against its JWKS', () => {
  let issuerServer: Server;
  let issuer: string;
  let system: TestSystem;
  let rsa: { privateKey: CryptoKey; jwk: JWK };
  let ec: { privateKey: CryptoKey; jwk: JWK };
  let forger: CryptoKey;
  let jwksRequests = 0;
  const audience = 'personal-budget-engine-api';

  beforeAll(async () => {
    const key = async (alg: 'RS256' | 'ES256', kid: string) => {
      const pair = await generateKeyPair(alg, { extractable: true });
      return { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' } };
    };
    rsa = await key('RS256', 'rsa-1');
    ec = await key('ES256', 'ec-1');
    forger = (await generateKeyPair('RS256')).privateKey;
    issuerServer = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/.well-known/openid-configuration') response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
      // A discovery document that names another issuer than the one it was fetched for.
      else if (request.url === '/liar/.well-known/openid-configuration')
        response.end(JSON.stringify({ issuer: 'https://elsewhere.example', jwks_uri: `${issuer}/keys` }));
      else if (request.url === '/keys') {
        jwksRequests++;
        response.end(JSON.stringify({ keys: [rsa.jwk, ec.jwk] }));
      } else response.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
    const port = await freePort();
    system = await startTestSystem(
      {
        ...productionSettings(port, issuer),
        PORT: String(port),
        AUTH_DEV_SECRET: 'this-deployment-own-secret-0123456789abcdef',
        OIDC_AUDIENCE: audience,
        OIDC_ROLE_CLAIM: 'realm_access.roles',
        OIDC_TEAMS_CLAIM: 'groups',
      },
      { runWorker: false },
    );
  });
  afterAll(async () => {
    await system?.stop();
    await new Promise((resolve) => issuerServer.close(resolve));
  });

  const sign = (
    claims: Record<string, unknown>,
    {
      key = rsa.privateKey,
      alg = 'RS256',
      kid = 'rsa-1',
      iss = issuer,
      aud = audience,
      exp = '5m' as string | number | null,
      typ = undefined as string | undefined,
    } = {},
  ) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg, kid, ...(typ ? { typ } : {}) })
      .setSubject('u-123')
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt();
    return (exp === null ? jwt : jwt.setExpirationTime(exp)).sign(key);
  };
  const manager = { realm_access: { roles: ['offline_access', 'manager'] }, groups: [] };
  const call = async (token: string, path = '/api/analytics/stages') =>
    (await fetch(`${system.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('accepts the issuer’s RS256 and ES256 tokens, mapping role and teams from the configured claims', async () => {
    expect(await call(await sign(manager))).toBe(200);
    expect(await call(await sign(manager, { key: ec.privateKey, alg: 'ES256', kid: 'ec-1' }))).toBe(200);
    // A coordinator's teams come from `groups`: their own team's figures, not another's.
    const coordinator = await sign({ realm_access: { roles: ['coordinator'] }, groups: ['north'] });
    expect(await call(coordinator, '/api/analytics/stages?team=north')).toBe(200);
    expect(await call(coordinator, '/api/analytics/stages?team=south')).toBe(403);
    expect(await call(await sign({ realm_access: { roles: ['person'] } }))).toBe(403);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it.each([
    ['an expired token', () => sign(manager, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['a token forged with another key under the issuer’s key id', () => sign(manager, { key: forger })],
    ['a token for another audience', () => sign(manager, { aud: 'someone-else' })],
    ['a token from another issuer', () => sign(manager, { iss: 'https://evil.example' })],
    ['a token without a role we know', () => sign({ realm_access: { roles: ['superuser'] } })],
    ['a token that never expires', () => sign(manager, { exp: null })],
    ['an ID token used as an access token (it carries the sign-in nonce)', () => sign({ ...manager, nonce: 'n-0S6_WzA2Mj' })],
    ['an ID token used as an access token (it carries at_hash)', () => sign({ ...manager, at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' })],
    ['a token typed as something other than an access token', () => sign(manager, { typ: 'id_token+jwt' })],
    [
      'a development token, once an issuer is configured',
      () => mintDevToken(system.config.AUTH_DEV_SECRET, { sub: 'x', role: 'manager', teams: [] }),
    ],
    [
      'an unsigned token (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...manager, iss: issuer, aud: audience, sub: 'x', exp: 9e9 })).toString('base64url')}.`,
    ],
  ])('refuses %s with 401', async (_, token) => {
    const response = await fetch(`${system.url}/api/journeys`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthenticated', message: 'The token is not valid or has expired.' } });
  });

  it('uses OIDC_JWKS_URL directly when it is given, without discovery', async () => {
    const verify = createTokenVerifier({
      devSecret: 'unused-unused-unused-unused-unused',
      oidc: { issuer, audience, jwksUrl: `${issuer}/keys` },
    });
    await expect(verify(await sign({ role: 'admin', teams: ['north'] }))).resolves.toEqual({
      sub: 'u-123',
      role: 'admin',
      teams: ['north'],
    });
    await expect(verify(await sign({ role: 'admin' }, { aud: 'other' }))).rejects.toThrow();
  });

  it('refuses to trust keys from a discovery document that names another issuer', async () => {
    const liar = `${issuer}/liar`;
    const verify = createTokenVerifier({ devSecret: 'unused-unused-unused-unused-unused', oidc: { issuer: liar, audience } });
    await expect(verify(await sign({ role: 'admin' }, { iss: liar }))).rejects.toThrow(/another issuer/);
  });
});
