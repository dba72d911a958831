import { DEVELOPMENT_SECRET, type Config } from './config';

/** How people sign in: the organisation's identity provider, or anyone as anyone (a laptop, a test). */
export type AuthMode = 'oidc' | 'development';

/** Only this machine can reach a server bound to a loopback address. */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * The sign-in mode a configuration asks for: `AUTH_MODE` when set; otherwise the identity provider's when
 * one is configured, development while the server listens on loopback alone, and none at all (null) when
 * it listens on another address with neither: such a start must stop, never open a development sign-in.
 */
export function authModeOf(config: Pick<Config, 'AUTH_MODE' | 'OIDC_ISSUER' | 'HOST'>): AuthMode | null {
  if (config.AUTH_MODE) return config.AUTH_MODE;
  if (config.OIDC_ISSUER) return 'oidc';
  return isLoopback(config.HOST) ? 'development' : null;
}

/** What the server needs besides sign-in to serve real people: each setting that must be set, and why. */
const productionSettings: Array<[keyof Config, string]> = [
  ['OIDC_ISSUER', 'the identity provider whose tokens the API accepts'],
  ['OIDC_AUDIENCE', 'the audience of those tokens (the API)'],
  ['OIDC_CLIENT_ID', 'the web app registered at the identity provider, for staff sign-in'],
  ['OIDC_REDIRECT_URL', 'our /sign-in/callback as registered there'],
  ['PUBLIC_BASE_URL', 'the address people use: personal links and letters are built from it'],
  ['PAYLOAD_KEYS', 'the keys that encrypt Temporal payloads (the published development key must never)'],
];

/**
 * Every reason this configuration must not start the server, each naming its setting; empty when it may.
 * Fail closed: a forgotten setting stops the start with a message, never opens access.
 */
export function serverStartProblems(config: Config): string[] {
  const mode = authModeOf(config);
  if (mode === null)
    return [
      `HOST is ${config.HOST}, not loopback, and no identity provider is configured: set ${productionSettings.map(([name]) => name).join(', ')} ` +
        '(or AUTH_MODE=development to run the development sign-in there on purpose, never with real data)',
    ];
  if (mode === 'development') return [];
  const missing = productionSettings.filter(([name]) => config[name] === undefined).map(([name, why]) => `${name} is not set: ${why}`);
  if (config.AUTH_DEV_SECRET === DEVELOPMENT_SECRET)
    missing.push(
      'AUTH_DEV_SECRET is the published development value: set a long random secret of your own (it signs CSRF tokens and sign-in attempts)',
    );
  return missing;
}

/** A worker (`npm run worker`) holds no sign-in, but it encrypts payloads: outside development it needs keys. */
export function workerStartProblems(config: Config): string[] {
  return config.AUTH_MODE === 'development' || config.PAYLOAD_KEYS
    ? []
    : ['PAYLOAD_KEYS is not set: a worker outside development (AUTH_MODE=development) encrypts with keys of your own only'];
}

/** The first line a development start prints, and what every page says while it is on. */
export const DEVELOPMENT_SIGN_IN_WARNING =
  'Development sign-in is on: anyone who can reach this server can sign in as anyone, in any role. Never use it with real people\u2019s data.';
