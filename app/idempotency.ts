import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { AppError, invalidInput } from './errors';

export const IdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/**
 * Keys belong to whoever sent them (as the IETF draft has it: unique per client), so two people's keys
 * never meet. The route's name is part of the scope, as the API has always stored it.
 */
export const idempotencyScope = (principal: { sub: string; role: string }, route: string): string =>
  `${principal.role}:${principal.sub} ${route}`;

/** JSON with sorted keys, so that the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** A stored refusal, thrown again for a repeat of the request that got it. */
function replayed(status: number, body: unknown): AppError {
  const error = (body as { error?: { code?: string; message?: string; issues?: AppError['issues'] } } | null)?.error ?? {};
  return new AppError(status, error.code ?? 'refused', error.message ?? 'This request was refused.', error.issues);
}

/**
 * Runs a request at most once per Idempotency-Key. The key is claimed with the id of the resource the
 * request will create before any work starts, so a retry after a crash redoes the same work on the same
 * id (a journey id, a Temporal update id) and the layers below deduplicate it. A repeat of a finished
 * request gets the first answer (a refusal is thrown again); the same key with another body is a 422.
 */
export async function runIdempotently<T>(
  db: Kysely<Database>,
  claim: { scope: string; key: string | undefined; body: unknown; successStatus: number },
  newResourceId: () => string,
  run: (resourceId: string) => Promise<T>,
): Promise<T> {
  if (claim.key === undefined) return run(newResourceId());
  const parsedKey = IdempotencyKey.safeParse(claim.key);
  if (!parsedKey.success)
    throw invalidInput('The Idempotency-Key header is not valid.', [
      { path: 'Idempotency-Key', message: parsedKey.error.issues[0]?.message ?? 'is not valid' },
    ]);
  const key = parsedKey.data;
  const { scope } = claim;
  const requestHash = createHash('sha256').update(canonical(claim.body)).digest('hex');

  await db
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: requestHash, resource_id: newResourceId() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .execute();
  const stored = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (stored.request_hash !== requestHash)
    throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body.');
  if (stored.status_code !== null) {
    if (stored.status_code >= 400) throw replayed(stored.status_code, stored.response);
    return stored.response as T;
  }

  const remember = (status: number, body: unknown) =>
    db
      .updateTable('idempotency_keys')
      .set({ status_code: status, response: JSON.stringify(body) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  try {
    const result = await run(stored.resource_id);
    await remember(claim.successStatus, result);
    return result;
  } catch (error) {
    // A refusal (4xx) is the request's answer and is remembered; an outage (5xx) may be retried.
    if (error instanceof AppError && error.status < 500) await remember(error.status, error.toBody());
    throw error;
  }
}
