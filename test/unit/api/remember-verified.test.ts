import { type Principal } from '../../../app/principal';
import { createTokenVerifier, mintDevToken, rememberVerified, type TokenVerifier } from '../../../http/tokens';

const secret = 'a-test-secret-a-test-secret-a-test-secret';
const alice: Principal = { sub: 'alice', role: 'coordinator', teams: ['north'] };

describe('remembering verified tokens', () => {
  let now = Date.now();
  const clock = () => now;
  const counting = (inner: TokenVerifier) => {
    const calls: string[] = [];
    return { calls, verify: (token: string) => (calls.push(token), inner(token)) };
  };

  it('checks a token once, then answers from memory with the same principal', async () => {
    const token = await mintDevToken(secret, alice);
    const { calls, verify } = counting(createTokenVerifier({ devSecret: secret }));
    const remembered = rememberVerified(verify, { clock });
    expect(await remembered(token)).toMatchObject(alice);
    expect(await remembered(token)).toMatchObject(alice);
    expect(calls).toHaveLength(1);
  });

  it('never answers an altered token from memory', async () => {
    const token = await mintDevToken(secret, alice);
    const remembered = rememberVerified(createTokenVerifier({ devSecret: secret }), { clock });
    await remembered(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString('base64url')}.${signature}`;
    await expect(remembered(forged)).rejects.toThrow();
  });

  it('forgets a token when it expires, and after maxAgeMs at the latest', async () => {
    const shortLived = await mintDevToken(secret, alice, '30s');
    const { calls, verify } = counting(createTokenVerifier({ devSecret: secret }));
    const remembered = rememberVerified(verify, { clock, maxAgeMs: 10_000 });
    await remembered(shortLived);
    now += 10_001; // past maxAgeMs: verified again (still valid)
    await remembered(shortLived);
    expect(calls).toHaveLength(2);
    now += 60_000; // past its expiry: never answered from memory (jose, on the real clock, decides)
    await remembered(shortLived);
    expect(calls).toHaveLength(3);
  });
});
