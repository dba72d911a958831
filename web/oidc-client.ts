import {
  allowInsecureRequests,
  AuthorizationResponseError,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  buildEndSessionUrl,
  calculatePKCECodeChallenge,
  ClientError,
  ClientSecretBasic,
  discovery,
  enableNonRepudiationChecks,
  None,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
  type Configuration,
  type IDToken,
} from 'openid-client';

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

/** What one sign-in attempt must remember between leaving for the identity provider and coming back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignedInTokens {
  /** The token for our API's audience, which becomes the session: the API verifies it on every call. */
  accessToken: string;
  idClaims: IDToken;
}

/** Why a sign-in was refused; the message is for logs and pages and never holds a token. */
export class SignInRefused extends Error {}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const TIMEOUT_SECONDS = 10;

/**
 * The authorization code flow with PKCE (S256), state and nonce, on openid-client, a certified relying
 * party: discovery, the authorization URL, the callback's checks (state, RFC 9207 `iss`), the code exchange
 * and the ID token's checks (OpenID Connect Core 3.1.3.7), and the end-session URL.
 */
export function createOidcClient(settings: OidcClientSettings) {
  const issuer = new URL(settings.issuer);
  let discovered: Promise<Configuration> | undefined;
  const configuration = () =>
    (discovered ??= discovery(
      issuer,
      settings.clientId,
      undefined,
      // client_secret_basic with a secret (RFC 6749 2.3.1); without one a public client: client_id in the body, PKCE alone.
      settings.clientSecret ? ClientSecretBasic(settings.clientSecret) : None(),
      {
        execute: [
          // By default the library trusts TLS for an ID token fetched from the token endpoint (Core 3.1.3.7,
          // step 6) and skips its signature; we check it against the issuer's JWKS all the same, as a forged
          // one must be refused even where TLS ends before us, and on loopback there is no TLS at all.
          enableNonRepudiationChecks,
          // openid-client refuses plain http, rightly: codes and tokens would cross the network readable. Only an
          // issuer on this machine's loopback (tests, development) may use it, never any other host.
          ...(issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname) ? [allowInsecureRequests] : []),
        ],
        timeout: TIMEOUT_SECONDS,
      },
    ).catch((error: unknown) => {
      discovered = undefined; // try again on the next sign-in
      throw error;
    }));

  const scope = [...new Set(['openid', ...(settings.scopes ?? '').split(/\s+/).filter(Boolean)])].join(' ');

  return {
    /** Where to send the browser, and what to keep (in a cookie) until it comes back. */
    async begin(): Promise<{ url: string; pending: PendingSignIn }> {
      const config = await configuration();
      const pending = { state: randomState(), nonce: randomNonce(), codeVerifier: randomPKCECodeVerifier() };
      const url = buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.toString(), pending };
    },

    /** Checks the callback against the pending attempt, exchanges the code and verifies the ID token. */
    async finish(callback: Record<string, unknown>, pending: PendingSignIn): Promise<SignedInTokens> {
      const config = await configuration();
      try {
        const tokens = await authorizationCodeGrant(config, callbackUrl(settings.redirectUrl, callback), {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims) throw new SignInRefused('the token endpoint gave no ID token');
        return { accessToken: tokens.access_token, idClaims };
      } catch (error) {
        throw refusalOf(error);
      }
    },

    /** The identity provider's sign-out page, when it has one (RP-initiated logout). */
    async endSessionUrl(postLogoutRedirectUrl: string): Promise<string | undefined> {
      const config = await configuration().catch(() => undefined);
      if (!config?.serverMetadata().end_session_endpoint) return undefined;
      return buildEndSessionUrl(config, { post_logout_redirect_uri: postLogoutRedirectUrl }).toString();
    },
  };
}
export type OidcClient = ReturnType<typeof createOidcClient>;

/**
 * The URL the provider sent the browser back to: our callback as registered (which the library sends on
 * as the token request's redirect_uri) with the parameters it carried. A repeated parameter stays repeated,
 * for the library to refuse.
 */
function callbackUrl(redirectUrl: string, query: Record<string, unknown>): URL {
  const url = new URL(redirectUrl);
  for (const [name, value] of Object.entries(query))
    for (const one of [value].flat()) if (typeof one === 'string') url.searchParams.append(name, one);
  return url;
}

const clip = (text: string) => text.slice(0, 60);

/**
 * What the provider or the library's checks refused becomes a SignInRefused (a 400 page); a provider that
 * cannot be reached or answers too late stays as it is (a 503 page). The library's error is not kept as the
 * cause: it holds the callback's parameters, the token response and the ID token's claims.
 */
function refusalOf(error: unknown): unknown {
  if (error instanceof SignInRefused) return error;
  if (error instanceof AuthorizationResponseError) return new SignInRefused(`the identity provider answered ${clip(error.error)}`);
  if (error instanceof ResponseBodyError) return new SignInRefused(`the token endpoint answered ${error.status} ${clip(error.error)}`);
  if (error instanceof WWWAuthenticateChallengeError)
    return new SignInRefused(`the token endpoint answered ${error.status} with an authentication challenge`);
  if (error instanceof ClientError && error.code !== 'OAUTH_TIMEOUT' && error.code !== 'OAUTH_ABORT')
    // The cause's message names the check that failed (a claim, a parameter), never a value.
    return new SignInRefused(error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message);
  return error;
}
