import { cookieHeader, readCookie } from '../../../http/cookies';
import { csrfMatches, csrfTokenFor } from '../../../web/session';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('session cookies and CSRF tokens', () => {
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
