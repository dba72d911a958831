import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../api/auth';
import type { WebContext } from './register-web';

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
    void web.render(reply, 'message.njk', { principal: session.principal, csrf: session.csrf, title: 'You cannot see this page', message: `This page is not for the ${session.principal.role} role.` }, 403);
    return null;
  }
  return session.principal;
}

export function notFoundPage(web: WebContext, request: FastifyRequest, reply: FastifyReply) {
  return web.render(reply, 'message.njk', { principal: request.session?.principal, title: 'Page not found', message: 'There is no such journey, or it is not one you can see.' }, 404);
}

/** Only same-site relative paths may be redirected to after sign-in. */
export const safeNext = (next: unknown, fallback: string): string =>
  typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
