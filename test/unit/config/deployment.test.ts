import { DEVELOPMENT_SECRET, loadConfig } from '../../../lib/config';
import { authModeOf, serverStartProblems, workerStartProblems } from '../../../lib/deployment';

const production = {
  OIDC_ISSUER: 'https://login.example.nhs.uk',
  OIDC_AUDIENCE: 'personal-budgets',
  OIDC_CLIENT_ID: 'personal-budgets-web',
  OIDC_REDIRECT_URL: 'https://budgets.example.nhs.uk/sign-in/callback',
  PUBLIC_BASE_URL: 'https://budgets.example.nhs.uk',
  PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  AUTH_DEV_SECRET: 'x'.repeat(48),
};

describe('what a start needs, and what it refuses (fail closed)', () => {
  it('runs the development sign-in on loopback alone, as npm start does', () => {
    for (const HOST of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      expect(authModeOf(loadConfig({ HOST }))).toBe('development');
      expect(serverStartProblems(loadConfig({ HOST }))).toEqual([]);
    }
  });

  it('refuses to start bound to another address without the identity provider, naming every missing setting', () => {
    const problems = serverStartProblems(loadConfig({ HOST: '0.0.0.0' }));
    expect(problems).toHaveLength(1);
    for (const name of [
      'OIDC_ISSUER',
      'OIDC_AUDIENCE',
      'OIDC_CLIENT_ID',
      'OIDC_REDIRECT_URL',
      'PUBLIC_BASE_URL',
      'PAYLOAD_KEYS',
      'AUTH_MODE=development',
    ])
      expect(problems[0]).toContain(name);
  });

  it('runs the development sign-in elsewhere only when AUTH_MODE=development says so', () => {
    expect(authModeOf(loadConfig({ HOST: '0.0.0.0', AUTH_MODE: 'development' }))).toBe('development');
    expect(serverStartProblems(loadConfig({ HOST: '0.0.0.0', AUTH_MODE: 'development' }))).toEqual([]);
  });

  it('with an identity provider, names each other setting a real deployment must make', () => {
    const { PUBLIC_BASE_URL: _url, PAYLOAD_KEYS: _keys, OIDC_CLIENT_ID: _client, OIDC_REDIRECT_URL: _redirect, ...partial } = production;
    const problems = serverStartProblems(loadConfig({ ...partial, HOST: '0.0.0.0' }));
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['OIDC_CLIENT_ID', 'OIDC_REDIRECT_URL', 'PUBLIC_BASE_URL', 'PAYLOAD_KEYS']);
    expect(serverStartProblems(loadConfig({ ...production, HOST: '0.0.0.0' }))).toEqual([]);
  });

  it('holds AUTH_MODE=oidc to the same settings on loopback too', () => {
    expect(serverStartProblems(loadConfig({ AUTH_MODE: 'oidc' })).map((p) => p.split(' ')[0])).toEqual([
      'OIDC_ISSUER',
      'OIDC_AUDIENCE',
      'OIDC_CLIENT_ID',
      'OIDC_REDIRECT_URL',
      'PUBLIC_BASE_URL',
      'PAYLOAD_KEYS',
      'AUTH_DEV_SECRET',
    ]);
    expect(loadConfig({}).AUTH_DEV_SECRET).toBe(DEVELOPMENT_SECRET);
  });

  it('keeps a worker outside development from encrypting with the published key', () => {
    expect(workerStartProblems(loadConfig({ DATABASE_URL: 'postgres://db/x', TEMPORAL_ADDRESS: 'temporal:7233' }))[0]).toMatch(
      /^PAYLOAD_KEYS/,
    );
    expect(workerStartProblems(loadConfig({ PAYLOAD_KEYS: production.PAYLOAD_KEYS }))).toEqual([]);
    expect(workerStartProblems(loadConfig({ AUTH_MODE: 'development' }))).toEqual([]);
  });

  it('takes the public address without a trailing slash, and only an http(s) one', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://budgets.example.nhs.uk/' }).PUBLIC_BASE_URL).toBe('https://budgets.example.nhs.uk');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://budgets.example.nhs.uk' })).toThrow(/PUBLIC_BASE_URL/);
  });
});
