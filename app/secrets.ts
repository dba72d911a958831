import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret for a browser (a session cookie, a personal link): 256 random bits, URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** What the database keeps of a secret: its SHA-256, so a copy of the table opens nothing. */
export const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
