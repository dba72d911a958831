import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpError } from './http-error';
import { IdempotencyKey } from './schemas';

export interface Answer {
  status: number;
  body: unknown;
}

/** Keys belong to whoever sent them (as the IETF draft has it: unique per client), so two people's keys never meet. */
export const idempotencyScope = (principal: { sub: string; role: string }, route: string): string => `${principal.role}:${principal.sub} ${route}`;

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

/**
 * Runs a POST at most once per Idempotency-Key. The key is claimed with the id of the resource the request
 * will create before any work starts, so a retry after a crash redoes the same work on the same id (a
 * journey id, a Temporal update id) and the layers below deduplicate it. A repeat of a finished request
 * gets the first answer; the same key with another body is a 422.
 */
export async function runIdempotently(
  db: Kysely<Database>,
  scope: string,
  rawKey: string | undefined,
  body: unknown,
  newResourceId: () => string,
  run: (resourceId: string) => Promise<Answer>,
): Promise<Answer> {
  if (rawKey === undefined) return run(newResourceId());
  const parsedKey = IdempotencyKey.safeParse(rawKey);
  if (!parsedKey.success)
    throw new HttpError(400, 'invalid_input', 'The Idempotency-Key header is not valid.', [
      { path: 'Idempotency-Key', message: parsedKey.error.issues[0]?.message ?? 'is not valid' },
    ]);
  const key = parsedKey.data;
  const requestHash = createHash('sha256').update(canonical(body)).digest('hex');

  await db
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: requestHash, resource_id: newResourceId() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .execute();
  const claim = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (claim.request_hash !== requestHash)
    throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body.');
  if (claim.status_code !== null) return { status: claim.status_code, body: claim.response };

  const remember = (answer: Answer) =>
    db
      .updateTable('idempotency_keys')
      .set({ status_code: answer.status, response: JSON.stringify(answer.body) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  try {
    const answer = await run(claim.resource_id);
    await remember(answer);
    return answer;
  } catch (error) {
    // A refusal (4xx) is the request's answer and is remembered; an outage (5xx) may be retried.
    if (error instanceof HttpError && error.status < 500) await remember({ status: error.status, body: error.toBody() });
    throw error;
  }
}
