import type { Application } from '../app/application';
import type { TokenVerifier } from '../http/tokens';
import type { Render } from './render';
import type { OidcSignIn } from './routes/oidc-sign-in';

export interface WebDeps {
  /** The use cases the pages offer: the same the API serves. */
  application: Application;
  authSecret: string;
  /** Verifies staff tokens (the OIDC issuer's in production); development tokens signed with the secret when absent. */
  tokenVerifier?: TokenVerifier;
  /** The development sign-in page that issues tokens for any role; off where a real identity provider signs people in. */
  devSignIn?: boolean;
  /** Staff sign in through the organisation's identity provider (OpenID Connect) instead of the development page. */
  oidcSignIn?: OidcSignIn;
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies?: boolean;
}

/** What every web route is handed: the dependencies and the renderer. */
export interface WebContext extends WebDeps {
  render: Render;
}
