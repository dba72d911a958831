import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../app/caller';
import { AppError } from '../app/errors';
import type { Principal, Role } from '../app/principal';
import type { VisibleJourney } from '../app/access';
import type { WebContext } from './web-context';

/** The landing page of each role. */
export const homeOf = (role: Role): string =>
  ({ coordinator: '/caseload', approver: '/approvals', manager: '/dashboard', admin: '/dashboard', person: '/my-journey' })[role];

/**
 * The signed-in principal when their role may see the page; otherwise the reply is sent (sign-in for no
 * session, a 403 page for the wrong role) and null comes back.
 */
export function signedIn(web: WebContext, request: FastifyRequest, reply: FastifyReply, roles: readonly Role[]): Principal | null {
  const session = request.session;
  if (!session) {
    const next = encodeURIComponent(request.url);
    void reply.redirect(`/sign-in?next=${next}`, 303);
    return null;
  }
  if (!roles.includes(session.principal.role)) {
    void web.render(
      reply,
      'message.njk',
      {
        principal: session.principal,
        csrf: session.csrf,
        title: 'You cannot see this page',
        message: `This page is not for the ${session.principal.role} role.`,
      },
      403,
    );
    return null;
  }
  return session.principal;
}

export function notFoundPage(web: WebContext, request: FastifyRequest, reply: FastifyReply) {
  return web.render(
    reply,
    'message.njk',
    { principal: request.session?.principal, title: 'Page not found', message: 'There is no such journey, or it is not one you can see.' },
    404,
  );
}

/** An origin of our own to resolve against: only what stays on it is one of our pages. */
const OURS = 'https://pages.invalid';

/**
 * Where to go after sign-in: a page of ours, or `fallback`. `next` is resolved as a browser would resolve
 * it against our own origin (tabs and newlines dropped, backslashes read as slashes, `//host` as another
 * site) and kept only when it stays on that origin; what is returned is the resolved path, so what the
 * browser is sent to is what was checked.
 */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2000) return fallback;
  let url: URL;
  try {
    url = new URL(next, OURS);
  } catch {
    return fallback;
  }
  return url.origin === OURS ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

/**
 * The journey if the caller may see it, then marked on their audit trail under `action` (unless the page
 * marks it later itself); null for a page that says not found (the page answers exactly as for a journey that does not exist).
 */
export async function visibleOrNull(
  web: WebContext,
  caller: Caller,
  journeyId: string,
  action: string | null,
): Promise<VisibleJourney | null> {
  try {
    const journey = await web.application.journeys.visible({ ...caller, audit: () => undefined }, journeyId, action ?? '');
    if (action) caller.audit(journey.journeyId, action);
    return journey;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}
