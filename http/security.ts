import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../app/errors';
import { rateLimitKey } from './identify';

export interface SecurityOptions {
  /** Browser origins allowed to call the API across origins; empty: none (the default). */
  corsOrigins: string[];
  /** Origins allowed to call the codec endpoint: the Temporal Web UI's. */
  codecCorsOrigins: string[];
  /** Requests per token (per address for requests without one) in each window. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
}

export const defaultSecurity: SecurityOptions = { corsOrigins: [], codecCorsOrigins: [], rateLimitMax: 600, rateLimitWindowMs: 60_000 };

/** The local Temporal Web UI of `npm start`, allowed to call the codec endpoint in development only. */
const DEVELOPMENT_UI_ORIGINS = ['http://127.0.0.1:8233', 'http://localhost:8233'];

export const securityOptionsFrom = (
  config: { CORS_ORIGINS: string[]; CODEC_CORS_ORIGINS?: string[]; RATE_LIMIT_MAX: number; RATE_LIMIT_WINDOW_MS: number },
  development: boolean,
): SecurityOptions => ({
  corsOrigins: config.CORS_ORIGINS,
  codecCorsOrigins: config.CODEC_CORS_ORIGINS ?? (development ? DEVELOPMENT_UI_ORIGINS : []),
  rateLimitMax: config.RATE_LIMIT_MAX,
  rateLimitWindowMs: config.RATE_LIMIT_WINDOW_MS,
});

const isCodec = (url: string) => url.startsWith('/codec/');
const path = (url: string) => url.split('?')[0] ?? '';
/**
 * Everything is limited but a browser's stylesheets and the schema: the API, the codec, the web pages and
 * forms, and the health check (by address: it asks the database and Temporal). Requests without a valid
 * credential (a 401 to come, sign-in, personal links) count by address, as do bodies that will not parse.
 */
const isLimited = (url: string) => !url.startsWith('/assets/') && path(url) !== '/openapi.json';

/** The headers helmet sets on every answer (as they stand in an answer), and only those. */
const helmetHeaders = new Set([
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);

export const securityHeadersOf = (headers: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => helmetHeaders.has(entry[0]) && typeof entry[1] === 'string'),
  );

/**
 * Security headers (a strict CSP that allows only same-origin scripts, styles and images, and no inline
 * code or framing), CORS from an allow-list (none by default), and a rate limit per token (per session
 * on the web), or per address without one.
 */
export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Same-origin: a journey id in a URL never leaves for another site, while form posts keep a real Origin
    // header (no-referrer makes browsers send `Origin: null`, which same-origin checks must refuse).
    referrerPolicy: { policy: 'same-origin' },
    // No framing at all, as frame-ancestors 'none' says, for browsers that read only X-Frame-Options.
    frameguard: { action: 'deny' },
  });

  await app.register(cors, {
    delegator: (request, callback) => {
      const origins = isCodec(request.url ?? '') ? options.codecCorsOrigins : options.corsOrigins;
      callback(null, {
        origin: origins.length > 0 ? origins : false,
        methods: ['GET', 'POST', 'DELETE'],
        allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-namespace'],
        credentials: false,
        maxAge: 600,
      });
    },
  });

  await app.register(rateLimit, {
    global: false,
    max: options.rateLimitMax,
    timeWindow: options.rateLimitWindowMs,
    allowList: (request: FastifyRequest) => !isLimited(request.url),
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      new AppError(429, 'rate_limited', `Too many requests: at most ${context.max} in ${context.after}; try again later.`),
  });
  // A hook of the whole server, as the request arrives (after its credential is checked: http/identify.ts):
  // before the API's own scope refuses a missing token, before a body is parsed, before any handler. A flood
  // of bad tokens or bad bodies is limited too. The key is the verified subject, never a claim anyone could vary.
  app.addHook('onRequest', app.rateLimit());
}
