import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roles } from '../../app/principal';
import { addError, hasErrors, noErrors } from '../forms/form-errors';
import { homeOf, safeNext } from '../guard';
import type { WebContext } from '../web-context';
import { callerOf } from '../../http/request-context';
import { endSession, sessionCookie, startSession } from '../session';
import { registerOidcSignInRoutes } from './oidc-sign-in';

const staffRoles = roles.filter((role) => role !== 'person');
const SignIn = z.object({
  role: z.enum(staffRoles as [string, ...string[]], 'Select your role'),
  sub: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._@-]{1,100}$/, 'Enter your user id, using letters, numbers, dots or dashes'),
  teams: z
    .string()
    .default('')
    .transform((s) => [...new Set(s.split(/[,\s]+/).filter(Boolean))])
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'Enter team names separated by commas')).max(20)),
});

/** Sign-in (the identity provider's when configured, else development tokens for any staff role), sign-out, and a person's personal link. */
export function registerSignInRoutes(app: FastifyInstance, web: WebContext): void {
  app.get('/', async (request, reply) => reply.redirect(request.session ? homeOf(request.session.principal.role) : '/sign-in', 303));

  if (web.oidcSignIn) registerOidcSignInRoutes(app, web, web.oidcSignIn);
  else
    app.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) =>
      web.render(reply, 'sign-in.njk', {
        title: 'Sign in',
        devSignIn: web.devSignIn === true,
        values: { teams: 'north' },
        next: safeNext(request.query.next, ''),
        errors: [],
        fieldErrors: {},
      }),
    );

  app.post('/sign-in', async (request, reply) => {
    if (web.devSignIn !== true) return reply.status(404).type('text/plain').send('Development sign-in is switched off.');
    const body = (request.body ?? {}) as Record<string, string>;
    const parsed = SignIn.safeParse(body);
    if (!parsed.success) {
      const errors = noErrors();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'sub');
        addError(errors, field, issue.message);
      }
      if (hasErrors(errors))
        return web.render(
          reply,
          'sign-in.njk',
          {
            title: 'Sign in',
            devSignIn: true,
            values: body,
            next: safeNext(body.next, ''),
            errors: errors.list,
            fieldErrors: errors.byField,
          },
          400,
        );
    }
    const { role, sub, teams } = parsed.data!;
    await startSession(
      reply,
      web.application.sessions,
      { role: role as (typeof roles)[number], sub, teams },
      { secure: web.secureCookies ?? false },
    );
    return reply.redirect(safeNext(body.next, homeOf(role as (typeof roles)[number])), 303);
  });

  app.post('/sign-out', async (request, reply) => {
    await endSession(request, reply, web.application.sessions, web.secureCookies ?? false);
    return reply.redirect(web.oidcSignIn ? '/signed-out' : '/sign-in', 303);
  });

  /**
   * A personal link (its secret in the query: longer than a path segment may be), exchanged once for a
   * session as that one journey's person. A used, revoked, expired or unknown link opens nothing.
   */
  app.get<{ Querystring: { t?: string } }>('/p', async (request, reply) => {
    const opened =
      typeof request.query.t === 'string' && request.query.t.length <= 200
        ? await web.application.personLinks.exchange(request.query.t)
        : null;
    if (!opened)
      return web.render(
        reply,
        'message.njk',
        {
          title: 'This link has expired',
          message: 'Each link opens your page once. Ask your care coordinator for a new link to your page.',
        },
        404,
      );
    request.principal = opened.principal;
    callerOf(request).audit(opened.principal.journeyId!, 'web: open personal link');
    const ttlSeconds = Math.floor((opened.session.expiresAt.getTime() - Date.now()) / 1000);
    return reply
      .header('set-cookie', sessionCookie(opened.session.secret, ttlSeconds, web.secureCookies ?? false))
      .redirect('/my-journey', 303);
  });
}
