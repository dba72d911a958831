import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerFor, RETRY_AFTER_SECONDS } from '../http/error-answer';
import '../http/request-context';
import { DEVELOPMENT_SIGN_IN_WARNING } from '../lib/deployment';
import { csrfMatches, readSession, type Session } from './session';
import { createRenderer, nhsukDir } from './render';
import { registerSignInRoutes } from './routes/sign-in';
import { registerCaseloadRoutes } from './routes/caseload';
import { registerJourneyPageRoutes } from './routes/journey-page';
import { registerCommandFormRoutes } from './routes/command-forms';
import { registerOpenJourneyRoutes } from './routes/open-journey';
import { registerApprovalRoutes } from './routes/approvals';
import { registerDashboardRoutes } from './routes/dashboard';
import { registerPersonRoutes } from './routes/person';
import type { WebContext, WebDeps } from './web-context';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
  }
  interface FastifyInstance {
    /** Every page and form route of the web app (not its static assets), as registered: what the access matrix test walks. */
    webRoutes: Array<{ method: string; url: string }>;
  }
}

const staticDir = join(__dirname, 'static');
const nhsukCss =
  readdirSync(join(nhsukDir, 'nhsuk')).find((name) => /^nhsuk-frontend-[\d.]+\.min\.css$/.test(name)) ?? 'nhsuk-frontend.min.css';

/** A post with no Origin or Referer (an older client) passes to the CSRF token; one from another host, or `null`, does not. */
function sameSite(source: string | undefined, host: string | undefined): boolean {
  if (source === undefined) return true;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

/** The page a form was posted from (its Referer), when it is one of ours. */
function formPage(referer: string | undefined, host: string | undefined): string | undefined {
  if (!referer || !sameSite(referer, host)) return undefined;
  const url = new URL(referer);
  return `${url.pathname}${url.search}`;
}

/** The answer to a browser asking for a page at a path nobody serves (the API's own 404 stays JSON). */
export type PageNotFound = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Paths whose POST carries no session yet (or ends one): they rely on SameSite and the Origin check alone. */
const noCsrfField = new Set(['/sign-in', '/sign-out']);

/**
 * The server-rendered web app in its own encapsulated scope, so the form parser and cookies do not leak
 * into the JSON API. CSRF: the session cookie is SameSite=Strict, every POST with an Origin (or Referer)
 * must come from this host, and every form of a signed-in session posts back a per-session token.
 */
export async function registerWebApp(app: FastifyInstance, deps: WebDeps): Promise<PageNotFound> {
  app.decorate('webRoutes', []);
  const render = createRenderer({ developmentSignIn: deps.devSignIn ? DEVELOPMENT_SIGN_IN_WARNING : undefined });
  await app.register(async (web) => {
    web.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD' && !route.url.startsWith('/assets/')) app.webRoutes.push({ method, url: route.url });
    });
    await web.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    await web.register(fastifyStatic, { root: [join(nhsukDir, 'nhsuk', 'assets'), staticDir], prefix: '/assets/', maxAge: '1h' });
    web.get('/assets/nhsuk-frontend.min.css', (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').sendFile(nhsukCss, join(nhsukDir, 'nhsuk')),
    );

    const context: WebContext = { ...deps, render };
    const refused = (reply: FastifyReply, principal: Session['principal'] | undefined, title: string) =>
      context.render(
        reply,
        'message.njk',
        { principal, title, message: 'Nothing was changed. Go back to the page, reload it and send the form again.' },
        403,
      );

    web.decorateRequest('session', null);
    web.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/assets/')) return;
      // The database that holds sessions is down: this page's error page says so (a 503).
      if (request.identity?.sessionLookupFailed !== undefined) throw request.identity.sessionLookupFailed;
      request.session = readSession(request, deps.authSecret);
      // The audit trail (api/audit.ts) records who read or changed a journey through the pages too.
      if (request.session) request.principal = request.session.principal;
    });
    web.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST') return;
      if (!sameSite(request.headers.origin ?? request.headers.referer, request.headers.host))
        return refused(reply, undefined, 'This form was sent from another site');
      const path = request.url.split('?')[0] ?? '';
      if (noCsrfField.has(path)) return;
      // No session (never signed in, or it expired): sign in, then back to the page the form was on.
      if (!request.session)
        return reply.redirect(`/sign-in?next=${encodeURIComponent(formPage(request.headers.referer, request.headers.host) ?? path)}`, 303);
      const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (!csrfMatches(deps.authSecret, request.session.token, sent))
        return refused(reply, request.session.principal, 'This form has expired');
    });

    // Browsers send `Origin: null` on form posts under no-referrer; pages ask for same-origin, which sends
    // nothing to other sites either, so the Origin check sees where a form came from.
    web.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith('/assets/')) reply.header('referrer-policy', 'same-origin');
    });

    // A page that fails says so in a page, with the API's status (a database that is down is a 503).
    web.setErrorHandler((thrown, request, reply) => {
      const answer = answerFor(thrown, request);
      if (answer.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      const [title, message] =
        answer.status === 429
          ? ['Too many requests', 'Wait a minute, then try again.']
          : answer.status === 503
            ? [
                'Sorry, the service is unavailable',
                'We cannot reach our records just now, so nothing was changed. Try again in a few minutes.',
              ]
            : answer.status >= 500
              ? ['Sorry, there is a problem with the service', 'Try again later. If it keeps happening, tell your service desk.']
              : ['There is a problem', answer.message];
      return context.render(reply, 'message.njk', { principal: request.session?.principal, title, message }, answer.status);
    });
    registerSignInRoutes(web, context);
    registerCaseloadRoutes(web, context);
    registerJourneyPageRoutes(web, context);
    registerCommandFormRoutes(web, context);
    registerOpenJourneyRoutes(web, context);
    registerApprovalRoutes(web, context);
    registerDashboardRoutes(web, context);
    registerPersonRoutes(web, context);
  });
  return async (request, reply) => {
    const session = readSession(request, deps.authSecret);
    return render(
      reply,
      'message.njk',
      {
        principal: session?.principal,
        title: 'Page not found',
        message: 'If you typed the web address, check it is correct. If you pasted it, check that you copied all of it.',
      },
      404,
    );
  };
}
