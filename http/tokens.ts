import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { webcrypto } from 'node:crypto';
import { Principal, Role } from '../app/principal';

const ISSUER = 'personal-budget-engine-dev';
const AUDIENCE = 'personal-budget-engine';

/** Verifies a raw JWT (from a header or a cookie) and says who it names; throws on anything not valid. */
export type TokenVerifier = (token: string) => Promise<Principal>;

/** An OIDC issuer's tokens: verified against its JWKS, with our claims read from the names it uses. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  /** The issuer's JWKS; by default `jwks_uri` from its `/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** Claim names (dotted paths allowed, e.g. `realm_access.roles`); an array claim gives the first known role. */
  roleClaim?: string;
  teamsClaim?: string;
  journeyClaim?: string;
}

/** Signs a development token. Production tokens come from the organisation's identity provider. */
export async function mintDevToken(secret: string, claims: Principal, expiresIn: string | number = '8h'): Promise<string> {
  return new SignJWT({ role: claims.role, teams: claims.teams, ...(claims.journeyId ? { journeyId: claims.journeyId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

const claimAt = (payload: JWTPayload, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);

/** Development tokens: HS256 with the local secret. */
function devVerifier(secret: string): TokenVerifier {
  // Imported once: handing jose the raw bytes would import the key again on every request.
  let key: Promise<webcrypto.CryptoKey> | undefined;
  return async (token) => {
    key ??= webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const { payload } = await jwtVerify(token, await key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    return Principal.parse(payload);
  };
}

/**
 * An ID token says who signed in to a client; it is no credential for the API (OpenID Connect Core 2,
 * RFC 9068). One carries what access tokens never do: the sign-in's nonce, or hashes of the code and
 * access token; or it says so in its `typ`. Refused even where its audience happens to be the API's.
 */
function isIdToken(typ: string | undefined, payload: JWTPayload): boolean {
  if (typ !== undefined && !['jwt', 'at+jwt', 'application/at+jwt'].includes(typ.toLowerCase())) return true;
  return payload.nonce !== undefined || payload.at_hash !== undefined || payload.c_hash !== undefined;
}

/** Production tokens: RS256/ES256 from the issuer, keys fetched (and cached, rotated) from its JWKS. */
function oidcVerifier(oidc: OidcSettings): TokenVerifier {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discoverKeys = async (): Promise<JWTVerifyGetKey> => {
    if (oidc.jwksUrl) return createRemoteJWKSet(new URL(oidc.jwksUrl));
    const response = await fetch(`${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    });
    const { issuer, jwks_uri: jwksUri } = (await response.json()) as { issuer?: string; jwks_uri?: string };
    if (!response.ok || !jwksUri) throw new Error('the issuer publishes no jwks_uri');
    // OpenID Connect Discovery 4.3: the document must name the issuer it was fetched for.
    if (issuer !== oidc.issuer) throw new Error('the discovery document names another issuer');
    return createRemoteJWKSet(new URL(jwksUri));
  };
  return async (token) => {
    keys ??= discoverKeys().catch((error: unknown) => {
      keys = undefined; // try discovery again on the next request
      throw error;
    });
    const { payload, protectedHeader } = await jwtVerify(token, await keys, {
      issuer: oidc.issuer,
      audience: oidc.audience,
      algorithms: ['RS256', 'ES256'],
      // A token that never expires is no credential for health data.
      requiredClaims: ['exp', 'sub'],
    });
    if (isIdToken(protectedHeader.typ, payload)) throw new Error('an ID token is not an access token');
    const role = claimAt(payload, oidc.roleClaim ?? 'role');
    const teams = claimAt(payload, oidc.teamsClaim ?? 'teams');
    return Principal.parse({
      sub: payload.sub,
      role: Array.isArray(role) ? role.find((r) => Role.safeParse(r).success) : role,
      teams: typeof teams === 'string' ? [teams] : (teams ?? []),
      journeyId: claimAt(payload, oidc.journeyClaim ?? 'journeyId'),
    });
  };
}

/** OIDC settings from the configuration (OIDC_*), or undefined when no issuer is configured. */
export const oidcSettingsFrom = (config: {
  OIDC_ISSUER?: string;
  OIDC_AUDIENCE?: string;
  OIDC_JWKS_URL?: string;
  OIDC_ROLE_CLAIM: string;
  OIDC_TEAMS_CLAIM: string;
  OIDC_JOURNEY_CLAIM: string;
}): OidcSettings | undefined =>
  config.OIDC_ISSUER && config.OIDC_AUDIENCE
    ? {
        issuer: config.OIDC_ISSUER,
        audience: config.OIDC_AUDIENCE,
        jwksUrl: config.OIDC_JWKS_URL,
        roleClaim: config.OIDC_ROLE_CLAIM,
        teamsClaim: config.OIDC_TEAMS_CLAIM,
        journeyClaim: config.OIDC_JOURNEY_CLAIM,
      }
    : undefined;

/** The OIDC issuer's tokens when one is configured, otherwise development tokens signed with the secret. */
export function createTokenVerifier(settings: { devSecret: string; oidc?: OidcSettings }): TokenVerifier {
  return rememberVerified(settings.oidc ? oidcVerifier(settings.oidc) : devVerifier(settings.devSecret));
}

/**
 * Remembers tokens already verified, by their whole text (signature included, so no altered token can
 * match), until they expire but for at most `maxAgeMs`: checking a signature costs more than most requests
 * it guards. The bound also caps how long a key withdrawn from the issuer's JWKS still admits its tokens.
 */
export function rememberVerified(
  verify: TokenVerifier,
  options: { maxEntries?: number; maxAgeMs?: number; clock?: () => number } = {},
): TokenVerifier {
  const { maxEntries = 10_000, maxAgeMs = 60_000, clock = Date.now } = options;
  const known = new Map<string, { principal: Principal; until: number }>();
  return async (token) => {
    const now = clock();
    const hit = known.get(token);
    if (hit && now < hit.until) return hit.principal;
    known.delete(token);
    const principal = Object.freeze(await verify(token)) as Principal;
    const expires = decodeJwt(token).exp;
    const until = Math.min(now + maxAgeMs, expires === undefined ? now : expires * 1000);
    if (until > now) {
      known.set(token, { principal, until });
      if (known.size > maxEntries) known.delete(known.keys().next().value!);
    }
    return principal;
  };
}
