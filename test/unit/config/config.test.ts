import { DEVELOPMENT_SECRET, loadConfig } from '../../../lib/config';

describe('configuration', () => {
  const oidc = { OIDC_ISSUER: 'https://login.example.nhs.uk', OIDC_AUDIENCE: 'personal-budgets' };

  it('takes the development secret on a laptop', () => {
    expect(loadConfig({}).AUTH_DEV_SECRET).toBe(DEVELOPMENT_SECRET);
  });

  it('refuses the published development secret once an identity provider is configured', () => {
    expect(() => loadConfig(oidc)).toThrow(/AUTH_DEV_SECRET: must be a secret of your own/);
    expect(loadConfig({ ...oidc, AUTH_DEV_SECRET: 'x'.repeat(40) }).OIDC_ISSUER).toBe(oidc.OIDC_ISSUER);
  });

  it('names the setting that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER, AUTH_DEV_SECRET: 'x'.repeat(40) })).toThrow(
      /OIDC_AUDIENCE: is required with OIDC_ISSUER/,
    );
  });
});
