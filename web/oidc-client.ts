import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Our web app as a client of the organisation's identity provider (OpenID Connect, authorization code flow). */
export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  /** Sent with HTTP Basic at the token endpoint; without one the client is public and relies on PKCE alone. */
  clientSecret?: string;
  /** Our `/sign-in/callback`, exactly as registered at the identity provider. */
  redirectUrl: string;
  /** Space-separated; `openid` is always asked for. */
  scopes?: string;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

/** What one sign-in attempt must remember between leaving for the identity provider and coming back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignedInTokens {
  /** The token for our API's audience, which becomes the session: the API verifies it on every call. */
  accessToken: string;
  idClaims: JWTPayload;
}

/** Why a sign-in was refused; the message is for logs and pages and never holds a token. */
export class SignInRefused extends Error {}

const random = () => randomBytes(32).toString('base64url');
const s256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The authorization code flow with PKCE, state and nonce, on jose (which the API already verifies tokens
 * with) and fetch: discovery, the authorization URL, the code exchange and the ID token's checks
 * (OpenID Connect Core 3.1.3.7).
 */
export function createOidcClient(settings: OidcClientSettings) {
  let discovered: Promise<Discovery & { keys: JWTVerifyGetKey }> | undefined;
  const discovery = () =>
    (discovered ??= (async () => {
      const response = await fetch(`${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
      const document = (await response.json()) as Partial<Discovery>;
      if (!response.ok || !document.authorization_endpoint || !document.token_endpoint || !document.jwks_uri) throw new Error('the issuer’s discovery document lacks an endpoint');
      if (document.issuer !== settings.issuer) throw new Error('the discovery document names another issuer');
      return { ...(document as Discovery), keys: createRemoteJWKSet(new URL(document.jwks_uri)) };
    })().catch((error: unknown) => {
      discovered = undefined; // try again on the next sign-in
      throw error;
    }));

  const scope = [...new Set(['openid', ...(settings.scopes ?? '').split(/\s+/).filter(Boolean)])].join(' ');

  return {
    /** Where to send the browser, and what to keep (in a cookie) until it comes back. */
    async begin(): Promise<{ url: string; pending: PendingSignIn }> {
      const { authorization_endpoint: endpoint } = await discovery();
      const pending = { state: random(), nonce: random(), codeVerifier: random() };
      const url = new URL(endpoint);
      for (const [name, value] of Object.entries({
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: settings.redirectUrl,
        scope,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: s256(pending.codeVerifier),
        code_challenge_method: 'S256',
      }))
        url.searchParams.set(name, value);
      return { url: url.toString(), pending };
    },

    /** Checks the callback against the pending attempt, exchanges the code and verifies the ID token. */
    async finish(callback: Record<string, unknown>, pending: PendingSignIn): Promise<SignedInTokens> {
      const { issuer, token_endpoint: tokenEndpoint, keys } = await discovery();
      if (typeof callback.error === 'string') throw new SignInRefused(`the identity provider answered ${callback.error.slice(0, 60)}`);
      if (callback.state !== pending.state) throw new SignInRefused('the state does not match this browser’s sign-in');
      // RFC 9207: when the provider names itself, it must be ours (a mix-up attack otherwise).
      if (callback.iss !== undefined && callback.iss !== issuer) throw new SignInRefused('the answer comes from another issuer');
      if (typeof callback.code !== 'string' || !callback.code) throw new SignInRefused('the answer carries no code');

      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      const form = new URLSearchParams({ grant_type: 'authorization_code', code: callback.code, redirect_uri: settings.redirectUrl, code_verifier: pending.codeVerifier });
      if (settings.clientSecret) {
        // RFC 6749 2.3.1: each part form-encoded before Basic.
        const part = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
        headers.authorization = `Basic ${Buffer.from(`${part(settings.clientId)}:${part(settings.clientSecret)}`).toString('base64')}`;
      } else form.set('client_id', settings.clientId);
      const response = await fetch(tokenEndpoint, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(10_000) });
      const tokens = (await response.json().catch(() => ({}))) as { id_token?: unknown; access_token?: unknown; error?: unknown };
      if (!response.ok) throw new SignInRefused(`the token endpoint answered ${response.status} ${String(tokens.error ?? '').slice(0, 60)}`);
      if (typeof tokens.id_token !== 'string' || typeof tokens.access_token !== 'string') throw new SignInRefused('the token endpoint gave no ID token or no access token');

      let idClaims: JWTPayload;
            try {
        ({ payload: idClaims } = await jwtVerify(tokens.id_token, keys, { issuer, audience: settings.clientId, algorithms: ['RS256', 'ES256'], requiredClaims: ['sub', 'exp', 'iat'] }));
      } catch (error) {
        throw new SignInRefused(`the ID token is not valid: ${(error as Error).message}`);
      }
      if (idClaims.nonce !== pending.nonce) throw new SignInRefused('the ID token’s nonce does not match');
      if (Array.isArray(idClaims.aud) && idClaims.aud.length > 1 && idClaims.azp !== settings.clientId) throw new SignInRefused('the ID token was issued to another client');
      // at_hash, when given, binds the access token to this ID token (Core 3.1.3.8); both our algorithms hash with SHA-256.
      if (idClaims.at_hash !== undefined && idClaims.at_hash !== createHash('sha256').update(tokens.access_token).digest().subarray(0, 16).toString('base64url'))
        throw new SignInRefused('the access token does not match the ID token’s at_hash');
      return { accessToken: tokens.access_token, idClaims };
    },

    /** The identity provider's sign-out page, when it has one (RP-initiated logout). */
    async endSessionUrl(postLogoutRedirectUrl: string): Promise<string | undefined> {
      const { end_session_endpoint: endpoint } = await discovery().catch(() => ({ end_session_endpoint: undefined }));
      if (!endpoint) return undefined;
      const url = new URL(endpoint);
      url.searchParams.set('client_id', settings.clientId);
      url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUrl);
      return url.toString();
    },
  };
}
export type OidcClient = ReturnType<typeof createOidcClient>;
