import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../app/principal';
import type { Sessions } from '../app/sessions';
import { cookieHeader } from '../http/cookies';
import { SESSION_COOKIE } from '../http/identify';

/** How long a staff session lasts when nothing shorter (the identity provider's token) says otherwise. */
export const SESSION_HOURS = 8;

export interface Session {
  principal: Principal;
  /** The cookie's secret, which names the session the server holds. */
  token: string;
  /** The per-session CSRF token every form posts back in `_csrf`. */
  csrf: string;
}

/** HMAC of the session's secret: changes with every sign-in, and cannot be made without the app's secret. */
export const csrfTokenFor = (secret: string, token: string): string =>
  createHmac('sha256', secret).update(`csrf:${token}`).digest('base64url');

export function csrfMatches(secret: string, token: string, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(secret, token));
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The signed-in session, found as the request arrived (http/identify.ts), or null without a live one. */
export function readSession(request: FastifyRequest, secret: string): Session | null {
  const found = request.identity?.session;
  return found ? { principal: found.principal, token: found.secret, csrf: csrfTokenFor(secret, found.secret) } : null;
}

/** The cookie of a session: HttpOnly, SameSite=Strict, so that scripts cannot read it and other sites cannot send it. */
export function sessionCookie(sessionSecret: string, maxAgeSeconds: number, secure: boolean): string {
  return cookieHeader(SESSION_COOKIE, sessionSecret, { maxAgeSeconds, secure });
}

/** Signs the principal in: a session the server holds, named by the cookie. */
export async function startSession(
  reply: FastifyReply,
  sessions: Sessions,
  principal: Principal,
  options: { secure: boolean; ttlSeconds?: number },
): Promise<void> {
  const ttlSeconds = options.ttlSeconds ?? SESSION_HOURS * 3600;
  const { secret } = await sessions.start(principal, { ttlSeconds });
  reply.header('set-cookie', sessionCookie(secret, ttlSeconds, options.secure));
}

/** Signs out: the session ends on the server (a copied cookie opens nothing after this), and the cookie goes. */
export async function endSession(request: FastifyRequest, reply: FastifyReply, sessions: Sessions, secure: boolean): Promise<void> {
  const session = request.identity?.session;
  if (session) await sessions.end(session.secret);
  reply.header('set-cookie', cookieHeader(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure }));
}
