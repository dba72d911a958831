import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../app/principal';
import type { Sessions } from '../app/sessions';
import { readCookie } from './cookies';
import { unauthenticated } from '../app/errors';
import type { TokenVerifier } from './tokens';

/** The web session's cookie: a random secret naming a session the server holds (app/sessions.ts). */
export const SESSION_COOKIE = 'pbe_session';

/**
 * Who a request says it is, checked once as it arrives, before the rate limit counts it: a bearer token
 * (the API's only credential) and a session cookie (the web's only credential), each verified or found
 * wanting. The API's routes accept only the first, the pages only the second; neither ever a URL prefix.
 */
export interface Identity {
  bearer: { principal: Principal } | { invalid: true } | null;
  session: { principal: Principal; secret: string } | null;
  /** The session could not be looked up (the database is down): the page that needs it says so, as a page. */
  sessionLookupFailed?: unknown;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Null until the hook below has run, and for a static asset. */
    identity: Identity | null;
  }
}

const none: Identity = Object.freeze({ bearer: null, session: null });

export function registerIdentify(app: FastifyInstance, deps: { verifyToken: TokenVerifier; sessions: Sessions }): void {
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request) => {
    // Static assets carry no credential that matters, and are asked for often.
    if (request.url.startsWith('/assets/')) return;
    const token = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const secret = readCookie(request.headers.cookie, SESSION_COOKIE);
    let sessionLookupFailed: unknown;
    const [bearer, session] = await Promise.all([
      token === undefined
        ? null
        : deps.verifyToken(token).then(
            (principal) => ({ principal }),
            () => ({ invalid: true as const }),
          ),
      secret
        ? deps.sessions.find(secret).then(
            (found) => (found ? { principal: found.principal, secret } : null),
            (error: unknown) => ((sessionLookupFailed = error), null),
          )
        : null,
    ]);
    request.identity = sessionLookupFailed === undefined ? { bearer, session } : { bearer, session, sessionLookupFailed };
  });
}

/** The principal of a verified bearer token, or the 401 the API answers without one. */
export function bearerPrincipal(request: FastifyRequest): Principal {
  const { bearer } = request.identity ?? none;
  if (bearer === null) throw unauthenticated('Send a bearer token in the Authorization header.');
  if ('invalid' in bearer) throw unauthenticated('The token is not valid or has expired.');
  return bearer.principal;
}

/** Whom the rate limit counts a request against: the verified subject, else the connection's address. */
export function rateLimitKey(request: FastifyRequest): string {
  const { bearer, session } = request.identity ?? none;
  const principal = (bearer && 'principal' in bearer ? bearer.principal : null) ?? session?.principal;
  return principal ? `sub:${principal.role}:${principal.sub}` : `ip:${request.ip}`;
}
