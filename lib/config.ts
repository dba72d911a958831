import { z } from 'zod';

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Known to everyone who reads this file: fine on a laptop, never where real people's journeys are. */
export const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';

/** Every setting comes from the environment, validated once at start; names as in docs/api.md. */
export const Config = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: z.string().url().optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
    DATA_DIR: z.string().default('.data'),
    TEMPORAL_ADDRESS: z.string().optional(),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TASK_QUEUE: z.string().default('journeys'),
    TEMPORAL_TLS: flag.default(false),
    TEMPORAL_TLS_CERT_PATH: z.string().optional(),
    TEMPORAL_TLS_KEY_PATH: z.string().optional(),
    TEMPORAL_TLS_CA_PATH: z.string().optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
    TEMPORAL_API_KEY: z.string().optional(),
    TEMPORAL_CLI_PATH: z.string().optional(),
    /** Our description of the local dev server, used when TEMPORAL_ADDRESS is not set. */
    TEMPORAL_DEV_CONFIG: z.string().default('temporal-dev.yml'),
    POLICY_DAY_MS: z.coerce.number().int().positive().default(86_400_000),
    /** How long an API call waits on Temporal before answering 503: a journey with no worker never answers. */
    COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    /**
     * How people sign in: `oidc` (the organisation's identity provider) or `development` (anyone as anyone).
     * Unset: the identity provider's when OIDC_ISSUER is set, development while HOST is loopback, and a
     * refusal to start otherwise (lib/deployment.ts).
     */
    AUTH_MODE: z.enum(['oidc', 'development']).optional(),
    /** The address people use, e.g. `https://budgets.example.nhs.uk`: personal links and letters are built from it. */
    PUBLIC_BASE_URL: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must be an http or https URL')
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /** Signs development tokens (`npm run token`). Production verifies tokens from an OIDC issuer instead. */
    AUTH_DEV_SECRET: z.string().min(32).default(DEVELOPMENT_SECRET),
    /** An OIDC issuer whose RS256/ES256 tokens the API accepts (checked against its JWKS); unset: development tokens. */
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_AUDIENCE: z.string().min(1).optional(),
    /** The issuer's JWKS; by default its discovery document's `jwks_uri`. */
    OIDC_JWKS_URL: z.string().url().optional(),
    /** Which claims carry our role, teams and a person's journey id (dotted paths allowed). */
    OIDC_ROLE_CLAIM: z.string().default('role'),
    OIDC_TEAMS_CLAIM: z.string().default('teams'),
    OIDC_JOURNEY_CLAIM: z.string().default('journeyId'),
    /** The web app as the issuer's client (authorization code flow with PKCE): its id, secret and our /sign-in/callback. */
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_REDIRECT_URL: z.string().url().optional(),
    /** Scopes asked for besides `openid`, e.g. the one that gets an access token for OIDC_AUDIENCE. */
    OIDC_SCOPES: z.string().default(''),
    /** Keys that encrypt Temporal payloads: `id:base64-of-32-bytes`, comma-separated; unset: a development key. */
    PAYLOAD_KEYS: z.string().optional(),
    /** Which of PAYLOAD_KEYS encrypts new payloads (the others still decrypt old ones); default: the first. */
    PAYLOAD_KEY_ID: z.string().optional(),
    /** Requests per token (per address without one) in each window, before a 429. */
    RATE_LIMIT_MAX: z.coerce.number().int().positive().default(600),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
    /** How long the managers' figures as of now (stages, stalled, flow, reviews) are shared between callers; 0: never. */
    ANALYTICS_MAX_AGE_MS: z.coerce.number().int().nonnegative().max(60_000).default(1000),
    /** Browser origins allowed to call the API across origins, comma-separated; default none. */
    CORS_ORIGINS: list.default([]),
    /** Origins allowed to call the codec endpoint: the Temporal Web UI's; unset, the local Web UI in development and none otherwise. */
    CODEC_CORS_ORIGINS: list.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** How messages to people leave: `smtp` (email; letters to the print room), `notify` (GOV.UK Notify: email, SMS, letters), or `outbox` (kept queued for another sender). `npm start` uses smtp. */
    NOTIFY_CHANNEL: z.enum(['outbox', 'smtp', 'notify']).default('outbox'),
    /** The SMTP server, e.g. `smtp://user:pass@smtp.example.org:587`; with smtp and none, `npm start` runs a local one that keeps the mail in DATA_DIR/mail. */
    SMTP_URL: z.string().url().optional(),
    SMTP_FROM: z.string().min(3).default('Personal budgets <no-reply@personal-budgets.localhost>'),
    /** Where letters go over SMTP: the print room's mailbox. */
    LETTER_PRINT_TO: z.string().min(3).default('print-room@personal-budgets.localhost'),
    NOTIFY_API_KEY: z.string().min(74).optional(),
    NOTIFY_BASE_URL: z.string().url().default('https://api.notifications.service.gov.uk'),
    /** Notify templates whose content is `((body))` (and `((subject))` for email and letters). */
    NOTIFY_EMAIL_TEMPLATE_ID: z.string().optional(),
    NOTIFY_SMS_TEMPLATE_ID: z.string().optional(),
    NOTIFY_LETTER_TEMPLATE_ID: z.string().optional(),
    /** Sends tried this many times while the provider may recover (down, rate limited); then the fallback. */
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  })
  .refine((c) => !c.OIDC_ISSUER || c.OIDC_AUDIENCE, { path: ['OIDC_AUDIENCE'], message: 'is required with OIDC_ISSUER' })
  // With an issuer this is a production deployment, and the secret still signs personal links, CSRF
  // tokens and sign-in attempts: the published default would let anyone forge them.
  .refine((c) => !c.OIDC_ISSUER || c.AUTH_DEV_SECRET !== DEVELOPMENT_SECRET, {
    path: ['AUTH_DEV_SECRET'],
    message: 'must be a secret of your own when OIDC_ISSUER is set (it signs personal links and CSRF tokens)',
  })
  .refine((c) => !c.OIDC_CLIENT_ID || (c.OIDC_ISSUER && c.OIDC_REDIRECT_URL), {
    path: ['OIDC_CLIENT_ID'],
    message: 'needs OIDC_ISSUER and OIDC_REDIRECT_URL',
  });
export type Config = z.infer<typeof Config>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means unset, as deployment tools and shells usually intend.
  const parsed = Config.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
