import type { Kysely } from 'kysely';
import type { Principal } from '../../app/principal';
import { createSessions } from '../../app/sessions';
import type { Database } from '../../db/schema';
import { SESSION_COOKIE } from '../../http/identify';
import { csrfTokenFor } from '../../web/session';

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
  options?: { as?: Principal | null; form?: Record<string, string | string[]>; headers?: Record<string, string>; freshSession?: boolean },
) => Promise<PageAnswer>;

/** A live session for each principal, started once in the system's own session store, as a sign-in starts one. */
export function sessionStarter(db: Kysely<Database>): (principal: Principal, fresh?: boolean) => Promise<string> {
  const sessions = createSessions(db);
  const started = new Map<string, Promise<string>>();
  return (principal, fresh = false) => {
    if (fresh) return sessions.start(principal, { ttlSeconds: 8 * 3600 }).then((s) => s.secret);
    const key = JSON.stringify(principal);
    if (!started.has(key))
      started.set(
        key,
        sessions.start(principal, { ttlSeconds: 8 * 3600 }).then((s) => s.secret),
      );
    return started.get(key)!;
  };
}

/**
 * Calls the web app over real HTTP as a browser signed in as `as` would: the session cookie names a live
 * session of that principal, and a form post carries the session's CSRF token and this site's Origin
 * (unless the form sets its own `_csrf`). `as: null` has no session. Redirects are returned, not followed.
 */
export function webClient(baseUrl: string, authSecret: string, db: Kysely<Database>): PageRequest {
  const tokenFor = sessionStarter(db);
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    const token = options.as ? await tokenFor(options.as, options.freshSession) : undefined;
    if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
    let body: string | undefined;
    if (method === 'POST') {
      const form = new URLSearchParams();
      if (token && !(options.form && '_csrf' in options.form)) form.append('_csrf', csrfTokenFor(authSecret, token));
      for (const [name, value] of Object.entries(options.form ?? {}))
        for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
      body = form.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = baseUrl;
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(options.headers ?? {}) },
      body,
      redirect: 'manual',
    });
    return { status: response.status, headers: response.headers, html: await response.text(), location: response.headers.get('location') };
  };
}
