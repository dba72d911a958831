import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { HttpError } from './http-error';

export const roles = ['coordinator', 'approver', 'manager', 'person', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

/** Who is calling, from the token's claims (api.md, "Conventions"). */
export const Principal = z.object({
  sub: z.string().min(1),
  role: Role,
  teams: z.array(z.string()).default([]),
  journeyId: z.string().optional(),
});
export type Principal = z.infer<typeof Principal>;

const ISSUER = 'personal-budget-engine-dev';
const AUDIENCE = 'personal-budget-engine';

/** Signs a development token. Production tokens come from the organisation's identity provider. */
export async function mintDevToken(secret: string, claims: Principal, expiresIn = '8h'): Promise<string> {
  return new SignJWT({ role: claims.role, teams: claims.teams, ...(claims.journeyId ? { journeyId: claims.journeyId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** Verifies `Authorization: Bearer <token>`; anything missing, expired, forged or malformed is a 401. */
export async function authenticate(header: string | undefined, secret: string): Promise<Principal> {
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw new HttpError(401, 'unauthenticated', 'Send a bearer token in the Authorization header.');
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    return Principal.parse(payload);
  } catch {
    throw new HttpError(401, 'unauthenticated', 'The token is not valid or has expired.');
  }
}

export function requireRole(principal: Principal, allowed: readonly string[], what: string): void {
  if (!allowed.includes(principal.role))
    throw new HttpError(403, 'forbidden', `The ${principal.role} role may not ${what}; allowed: ${allowed.join(', ')}.`);
}
