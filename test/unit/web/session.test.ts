import { authenticateToken, mintDevToken } from '../../../http/tokens';
import { readCookie, cookieHeader } from '../../../web/cookies';
import { mintPersonLink, verifyPersonLink } from '../../../web/person-link';
import { csrfMatches, csrfTokenFor } from '../../../web/session';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('sessions, CSRF tokens and personal links', () => {
  test('a personal link names one journey, and only with the right secret', async () => {
    const link = await mintPersonLink(secret, 'journey-1');
    expect(await verifyPersonLink(secret, link)).toBe('journey-1');
    expect(await verifyPersonLink(`${secret}-other`, link)).toBeNull();
    expect(await verifyPersonLink(secret, `${link}x`)).toBeNull();
  });

  test('a personal link is not a bearer token, and a bearer token is not a personal link', async () => {
    const link = await mintPersonLink(secret, 'journey-1');
    await expect(authenticateToken(link, secret)).rejects.toMatchObject({ status: 401 });
    const staff = await mintDevToken(secret, { sub: 'alice', role: 'coordinator', teams: ['north'] });
    expect(await verifyPersonLink(secret, staff)).toBeNull();
  });

  test('an expired personal link signs nobody in', async () => {
    const link = await mintPersonLink(secret, 'journey-1', -1);
    expect(await verifyPersonLink(secret, link)).toBeNull();
  });

  test('the CSRF token belongs to one session', () => {
    const token = csrfTokenFor(secret, 'session-a');
    expect(csrfMatches(secret, 'session-a', token)).toBe(true);
    expect(csrfMatches(secret, 'session-b', token)).toBe(false);
    expect(csrfMatches(secret, 'session-a', undefined)).toBe(false);
    expect(csrfMatches(secret, 'session-a', token.slice(1))).toBe(false);
  });

  test('the session cookie is HttpOnly and SameSite=Strict, and reads back', () => {
    const header = cookieHeader('pbe_session', 'a.b.c', { maxAgeSeconds: 60, secure: true });
    expect(header).toBe('pbe_session=a.b.c; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure');
    expect(readCookie('other=1; pbe_session=a.b.c', 'pbe_session')).toBe('a.b.c');
    expect(readCookie('pbe_session_x=1', 'pbe_session')).toBeUndefined();
    expect(readCookie(undefined, 'pbe_session')).toBeUndefined();
  });
});
