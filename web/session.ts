import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieHeader, readCookie } from './cookies';
import type { Principal } from '../app/principal';
import { authenticateToken, mintDevToken, type TokenVerifier } from '../http/tokens';

/** The session cookie holds the same signed token the API accepts as a bearer token. */
export const SESSION_COOKIE = 'pbe_session';
const SESSION_HOURS = 8;

export interface Session {
  principal: Principal;
  token: string;
  /** The per-session CSRF token every form posts back in `_csrf`. */
  csrf: string;
}

/** HMAC of the session token: changes with every sign-in, and cannot be made without the secret. */
export const csrfTokenFor = (secret: string, token: string): string => createHmac('sha256', secret).update(`csrf:${token}`).digest('base64url');

export function csrfMatches(secret: string, token: string, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(secret, token));
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The signed-in principal, or null when there is no valid session cookie. Staff tokens are checked by the
 * app's verifier (an OIDC issuer's in production); a session begun by a personal link is ours, signed
 * with the secret, and is accepted only as the person of that one journey.
 */
export async function readSession(request: FastifyRequest, secret: string, verifier?: TokenVerifier): Promise<Session | null> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (!token) return null;
  const session = (principal: Principal) => ({ principal, token, csrf: csrfTokenFor(secret, token) });
  try {
    return session(await authenticateToken(token, verifier ?? secret));
  } catch {
    if (!verifier) return null;
  }
  try {
    const principal = await authenticateToken(token, secret);
    return principal.role === 'person' && principal.journeyId ? session(principal) : null;
  } catch {
    return null;
  }
}

/** Signs the principal in: an HttpOnly, SameSite=Strict cookie that scripts cannot read and other sites cannot send. */
export async function startSession(reply: FastifyReply, secret: string, principal: Principal, secure: boolean): Promise<void> {
  keepToken(reply, await mintDevToken(secret, principal, `${SESSION_HOURS}h`), SESSION_HOURS * 3600, secure);
}

/** Keeps a token the API accepts (ours, or the identity provider's access token) as the session. */
export function keepToken(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean): void {
  reply.header('set-cookie', cookieHeader(SESSION_COOKIE, token, { maxAgeSeconds, secure }));
}

export function endSession(reply: FastifyReply): void {
  reply.header('set-cookie', cookieHeader(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: false }));
}
