import type { PayloadCodec } from '@temporalio/common';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { registerApi } from '../api/register-api';
import type { Application } from '../app/application';
import { AppError } from '../app/errors';
import { registerAuditTrail } from '../http/audit-hook';
import { answerFor, RETRY_AFTER_SECONDS } from '../http/error-answer';
import { registerIdentify } from '../http/identify';
import { registerJsonBodyParser } from '../http/json-body';
import { defaultSecurity, registerSecurity, securityHeadersOf, type SecurityOptions } from '../http/security';
import { registerServerTiming } from '../http/server-timing';
import { createTokenVerifier, type TokenVerifier } from '../http/tokens';
import { registerWebApp, type PageNotFound } from '../web/register-web';
import type { OidcSignIn } from '../web/routes/oidc-sign-in';

export interface ServerDeps {
  application: Application;
  authSecret: string;
  /** Verifies tokens (an OIDC issuer's, see http/tokens.ts); by default development tokens signed with authSecret. */
  verifyToken?: TokenVerifier;
  /** The web app's development sign-in page (any role, any user): on unless an identity provider signs staff in. */
  devSignIn?: boolean;
  /** Staff sign in to the web app through the identity provider (web/routes/oidc-sign-in.ts) instead of the development page. */
  oidcSignIn?: OidcSignIn;
  /** Mark cookies Secure: the public address is https. */
  secureCookies?: boolean;
  /** CORS allow-lists and rate limits; by default no cross-origin callers and 600 requests a minute per token. */
  security?: SecurityOptions;
  /** The payload codec of the Temporal clients and its namespace, served to the Web UI at /codec/*; without it, no codec routes. */
  codec?: { payloadCodec: PayloadCodec; namespace: string };
  logger?: FastifyServerOptions['logger'];
}

/** A browser asking for a page, not a client of the API: it gets the web app's not-found page. */
const wantsPage = (request: FastifyRequest): boolean =>
  (request.method === 'GET' || request.method === 'HEAD') &&
  !/^\/(api|codec)(\/|$)/.test(request.url) &&
  (request.headers.accept ?? '').includes('text/html');

/**
 * One HTTP server for the two adapters over the application: the JSON API (api/) and the web app (web/),
 * with what they share: security headers, CORS, rate limits, body parsing, server timing, the audit trail,
 * and one mapping of errors to answers (JSON here, pages in the web app's scope).
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  // No hook runs for a URL the router cannot read, so its answer carries these by hand: the security
  // headers of every other answer, copied from one once the app is built.
  let securityHeaders: Record<string, string> = {};
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 256 * 1024,
    // A malformed or overlong URL is answered in the contract's shape, without echoing the path (it may hold anything).
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const answer = tooLong
        ? new AppError(414, 'uri_too_long', 'A part of the path is too long.')
        : new AppError(400, 'invalid_url', 'The URL is not valid.');
      void reply.headers(securityHeaders).status(answer.status).send(answer.toBody());
    },
  });
  registerServerTiming(app);
  const verifyToken = deps.verifyToken ?? createTokenVerifier({ devSecret: deps.authSecret });
  // Who the request is, before the rate limit counts it against them (or their address).
  registerIdentify(app, { verifyToken, sessions: deps.application.sessions });
  await registerSecurity(app, deps.security ?? defaultSecurity);
  registerJsonBodyParser(app);
  registerAuditTrail(app, deps.application);

  app.setErrorHandler((thrown, request, reply) => {
    const answer = answerFor(thrown, request);
    if (answer.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.status(answer.status).send(answer.toBody());
  });
  // The web app's not-found page, once the web app is registered below.
  const pages: { notFound?: PageNotFound } = {};
  app.setNotFoundHandler((request, reply) => {
    if (pages.notFound && wantsPage(request)) return pages.notFound(request, reply);
    return reply.status(404).send(new AppError(404, 'not_found', 'No such resource.').toBody());
  });

  await registerApi(app, { application: deps.application, codec: deps.codec });
  pages.notFound = await registerWebApp(app, {
    application: deps.application,
    authSecret: deps.authSecret,
    tokenVerifier: verifyToken,
    devSignIn: deps.devSignIn,
    oidcSignIn: deps.oidcSignIn,
    secureCookies: deps.secureCookies ?? deps.oidcSignIn?.secure,
  });
  securityHeaders = securityHeadersOf((await app.inject({ method: 'GET', url: '/openapi.json' })).headers);
  return app;
}
