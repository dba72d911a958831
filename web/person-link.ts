import { jwtVerify, SignJWT } from 'jose';

const AUDIENCE = 'personal-budget-engine-person-link';
const ISSUER = 'personal-budget-engine';
/** How long a personal link works: long enough to reach someone by letter, short enough to expire if lost. */
export const PERSON_LINK_DAYS = 28;

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/**
 * A signed, expiring link token naming one journey: whoever opens the link is signed in as that journey's
 * person, and sees nothing else. It carries no personal data, only the opaque journey id.
 */
export async function mintPersonLink(secret: string, journeyId: string, days = PERSON_LINK_DAYS): Promise<string> {
  return new SignJWT({ journeyId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(`person:${journeyId}`)
    .setIssuedAt()
    .setExpirationTime(`${days}d`)
    .sign(keyOf(secret));
}

/** The journey a link names, or null when the link is forged, for another purpose, or expired. */
export async function verifyPersonLink(secret: string, token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    return typeof payload.journeyId === 'string' && payload.journeyId.length > 0 ? payload.journeyId : null;
  } catch {
    return null;
  }
}
