import { type Principal } from '../../app/principal';
import { mintDevToken } from '../../http/tokens';

export type ApiRequest = (
  method: string,
  path: string,
  options?: { as?: Principal | null; body?: unknown; headers?: Record<string, string> },
) => Promise<{ status: number; body: any }>;

export const coordinator: Principal = { sub: 'alice', role: 'coordinator', teams: ['north'] };

/** A development token for each principal, minted once. */
export function tokenMinter(authSecret: string): (principal: Principal) => Promise<string> {
  const tokens = new Map<string, string>();
  return async (principal) => {
    const key = JSON.stringify(principal);
    if (!tokens.has(key)) tokens.set(key, await mintDevToken(authSecret, principal));
    return tokens.get(key)!;
  };
}

/** Calls the API over real HTTP as a principal (a coordinator unless told otherwise; null sends no token). */
export function httpClient(baseUrl: string, authSecret: string): ApiRequest {
  const tokenFor = tokenMinter(authSecret);
  return async (method, path, options = {}) => {
    const as = options.as === undefined ? coordinator : options.as;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (as) headers.authorization = `Bearer ${await tokenFor(as)}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}
