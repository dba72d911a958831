import type { Principal } from '../../app/principal';
import { csrfTokenFor, SESSION_COOKIE } from '../../web/session';
import { tokenMinter } from './http-client';

export interface PageAnswer {
  status: number;
  headers: Headers;
  html: string;
  /** Where a redirect goes (redirects are not followed). */
  location: string | null;
}

export type PageRequest = (
  method: 'GET' | 'POST',
  path: string,
  options?: { as?: Principal | null; form?: Record<string, string | string[]>; headers?: Record<string, string> },
) => Promise<PageAnswer>;

/**
 * Calls the web app over real HTTP as a browser signed in as `as` would: the session cookie holds a token
 * the app accepts, and a form post carries the session's CSRF token and this site's Origin (unless the
 * form sets its own `_csrf`). `as: null` has no session. Redirects are returned, not followed.
 */
export function webClient(baseUrl: string, authSecret: string): PageRequest {
  const tokenFor = tokenMinter(authSecret);
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    const token = options.as ? await tokenFor(options.as) : undefined;
    if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
    let body: string | undefined;
    if (method === 'POST') {
      const form = new URLSearchParams();
      if (token && !(options.form && '_csrf' in options.form)) form.append('_csrf', csrfTokenFor(authSecret, token));
      for (const [name, value] of Object.entries(options.form ?? {})) for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
      body = form.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = baseUrl;
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers: { ...headers, ...(options.headers ?? {}) }, body, redirect: 'manual' });
    return { status: response.status, headers: response.headers, html: await response.text(), location: response.headers.get('location') };
  };
}
