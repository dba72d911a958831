import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { cookieHeader, readCookie } from '../../http/cookies';
import { homeOf, safeNext } from '../guard';
import { createOidcClient, SignInRefused, type OidcClient } from '../oidc-client';
import type { WebContext } from '../web-context';
import { sessionCookie } from '../session';

/** Staff sign in through the organisation's identity provider when the web app is registered as its client. */
export interface OidcSignIn {
  client: OidcClient;
  /** Where the identity provider sends people back after its own sign-out: our `/signed-out?everywhere=1`. */
  postLogoutRedirectUrl: string;
  /** Cookies only over HTTPS: true when our callback is an https URL. */
  secure: boolean;
}

/** The web app's sign-in through the issuer, when it is registered there as a client (OIDC_CLIENT_ID). */
export const oidcSignInFrom = (config: {
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_REDIRECT_URL?: string;
  OIDC_SCOPES: string;
}): OidcSignIn | undefined =>
  config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_REDIRECT_URL
    ? {
        client: createOidcClient({
          issuer: config.OIDC_ISSUER,
          clientId: config.OIDC_CLIENT_ID,
          clientSecret: config.OIDC_CLIENT_SECRET,
          redirectUrl: config.OIDC_REDIRECT_URL,
          scopes: config.OIDC_SCOPES,
        }),
        postLogoutRedirectUrl: new URL('/signed-out?everywhere=1', config.OIDC_REDIRECT_URL).toString(),
        secure: config.OIDC_REDIRECT_URL.startsWith('https:'),
      }
    : undefined;

/** The attempt in flight, kept in the browser between leaving for the provider and coming back. */
const PENDING_COOKIE = 'pbe_oidc';
const PENDING_PATH = '/sign-in';
const PENDING_SECONDS = 600;
const MAX_SESSION_SECONDS = 12 * 3600;

const Pending = z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string(), next: z.string(), until: z.number() });
type Pending = z.infer<typeof Pending>;

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(`oidc-pending:${body}`).digest('base64url');

/** Signed, so the browser can carry it but not alter it; it holds nothing secret from the browser itself. */
export const sealPending = (secret: string, pending: Pending): string => {
  const body = Buffer.from(JSON.stringify(pending)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
};

export function openPending(secret: string, sealed: string | undefined, now = Date.now()): Pending | null {
  const [body, sent] = (sealed ?? '').split('.');
  if (!body || !sent) return null;
  const expected = Buffer.from(mac(secret, body));
  if (expected.length !== Buffer.from(sent).length || !timingSafeEqual(expected, Buffer.from(sent))) return null;
  try {
    const pending = Pending.parse(JSON.parse(Buffer.from(body, 'base64url').toString()));
    return pending.until > now ? pending : null;
  } catch {
    return null;
  }
}

/**
 * `/sign-in` leaves for the identity provider; `/sign-in/callback` comes back with a code, which is
 * exchanged for tokens. The access token for our API becomes the session, but only once the API's own
 * verifier accepts it: a page posts to the API with it, so one the API would refuse is no sign-in at all.
 */
export function registerOidcSignInRoutes(app: FastifyInstance, web: WebContext, oidc: OidcSignIn): void {
  const secure = web.secureCookies ?? false;
  const pendingCookie = (value: string, maxAgeSeconds: number) =>
    cookieHeader(PENDING_COOKIE, value, { maxAgeSeconds, secure, sameSite: 'Lax', path: PENDING_PATH });
  const refuse = (reply: FastifyReply, message: string, status: number) =>
    web.render(reply.header('set-cookie', pendingCookie('', 0)), 'message.njk', { title: 'You could not be signed in', message }, status);

  app.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) => {
    let begun;
    try {
      begun = await oidc.client.begin();
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'identity provider unreachable');
      return web.render(
        reply,
        'message.njk',
        {
          title: 'Sign-in is not available',
          message: 'Your organisation’s sign-in service cannot be reached. Try again in a few minutes.',
        },
        503,
      );
    }
    const pending = { ...begun.pending, next: safeNext(request.query.next, ''), until: Date.now() + PENDING_SECONDS * 1000 };
    return reply
      .header('set-cookie', pendingCookie(sealPending(web.authSecret, pending), PENDING_SECONDS))
      .header('cache-control', 'no-store')
      .redirect(begun.url, 303);
  });

  app.get<{ Querystring: Record<string, unknown> }>('/sign-in/callback', async (request, reply) => {
    const pending = openPending(web.authSecret, readCookie(request.headers.cookie, PENDING_COOKIE));
    if (!pending) return refuse(reply, 'This sign-in has expired or was not started in this browser. Sign in again.', 400);
    let accessToken: string;
    try {
      ({ accessToken } = await oidc.client.finish(request.query, pending));
    } catch (error) {
      const reason = error instanceof SignInRefused ? error.message : 'the identity provider could not be reached';
      request.log.warn({ reason }, 'sign-in refused');
      return refuse(
        reply,
        'Your organisation’s sign-in did not complete. Sign in again; if this keeps happening, contact your administrator.',
        error instanceof SignInRefused ? 400 : 503,
      );
    }
    let principal;
    try {
      principal = await web.tokenVerifier!(accessToken);
    } catch {
      request.log.warn({ reason: 'the access token is not one the API accepts' }, 'sign-in refused');
      return refuse(
        reply,
        'Your account cannot use this service: your organisation’s sign-in gave no access to it, or gave you no role in it. Ask your administrator to give you access.',
        403,
      );
    }
    const expires = decodeJwt(accessToken).exp;
    const maxAge = Math.min(MAX_SESSION_SECONDS, expires === undefined ? MAX_SESSION_SECONDS : expires - Math.floor(Date.now() / 1000));
    // The session is the server's own, as long as the access token would last: the token itself goes no further.
    const { secret } = await web.application.sessions.start(principal, { ttlSeconds: maxAge });
    reply.header('set-cookie', [pendingCookie('', 0), sessionCookie(secret, maxAge, secure)]);
    // A page, not a redirect: the session cookie is SameSite=Strict, and a browser may not send it on a
    // redirect that began at the identity provider's site; this page's own navigation is same-site.
    const next = safeNext(pending.next, homeOf(principal.role));
    return web.render(
      reply,
      'message.njk',
      { principal, title: 'You are signed in', message: 'Taking you to your page.', refreshTo: next },
      200,
    );
  });

  app.get<{ Querystring: { everywhere?: string } }>('/signed-out', async (request, reply) => {
    // Back from the provider's own sign-out (postLogoutRedirectUrl says `everywhere`): nothing more to offer.
    const provider = request.query.everywhere ? undefined : await oidc.client.endSessionUrl(oidc.postLogoutRedirectUrl);
    return web.render(reply, 'signed-out.njk', { title: 'You have signed out', provider });
  });
}
