import { openPending, sealPending } from '../../../web/routes/oidc-sign-in';

const secret = 'a-test-secret-a-test-secret-a-test-secret';
const pending = { state: 's'.repeat(43), nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43), next: '/caseload', until: 2_000 };

describe('the sign-in attempt kept in the browser between leaving for the provider and coming back', () => {
  it('given a sealed attempt, when opened before it expires, then it is what was sealed', () => {
    expect(openPending(secret, sealPending(secret, pending), 1_000)).toEqual(pending);
  });

  it('given a sealed attempt, when it has expired, then it is refused', () => {
    expect(openPending(secret, sealPending(secret, pending), 2_000)).toBeNull();
  });

  it('given an altered attempt (another state, or sealed with another secret), then it is refused', () => {
    const [, mac] = sealPending(secret, pending).split('.');
    const altered = `${Buffer.from(JSON.stringify({ ...pending, state: 'mine' })).toString('base64url')}.${mac}`;
    expect(openPending(secret, altered, 1_000)).toBeNull();
    expect(openPending(secret, sealPending(`${secret}-other`, pending), 1_000)).toBeNull();
    expect(openPending(secret, undefined, 1_000)).toBeNull();
    expect(openPending(secret, 'not-sealed', 1_000)).toBeNull();
  });
});
