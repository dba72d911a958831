import type { FastifyRequest } from 'fastify';
import { AppError, internalError } from '../app/errors';
import { isDatabaseUnavailable } from '../db/connect';

const errorStatuses: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_input', 'The request body is empty; send a JSON object.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The request body is not valid JSON.'],
};

/** How long a client should wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

export const databaseUnavailable = (cause?: unknown) =>
  new AppError(503, 'database_unavailable', 'The database is not answering, so nothing could be done; try again in a moment.', undefined, {
    cause,
  });

/**
 * What anything a route threw means in the contract's terms, for the API and the pages alike: the
 * application's errors as they are, Fastify's body errors, a database that cannot be reached (503, also when it is
 * the cause of a 500), and anything else a 500 whose message gives nothing of a journey away.
 */
export function appErrorOf(thrown: unknown): AppError {
  const error = thrown as Error & { code?: string; statusCode?: number };
  if (error instanceof AppError)
    return error.status === 500 && isDatabaseUnavailable(error.cause) ? databaseUnavailable(error.cause) : error;
  const fastifyError = error?.code ? errorStatuses[error.code] : undefined;
  if (fastifyError) return new AppError(...fastifyError);
  if (error?.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))
    return new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
  if (isDatabaseUnavailable(error)) return databaseUnavailable(error);
  return internalError(error);
}

/** The answer to a failed request, logged when it is ours (5xx): the fault's type, code, message and stack, never its values. */
export function answerFor(thrown: unknown, request: FastifyRequest): AppError {
  const mapped = appErrorOf(thrown);
  // Driver errors keep values in `detail`, which is never logged; the message and stack name the fault.
  if (mapped.status >= 500) {
    const fault = (mapped.cause ?? thrown) as Error & { code?: string; cause?: Error & { type?: string } };
    const cause = fault.cause ? { type: fault.cause.type ?? fault.cause.name, message: fault.cause.message } : undefined;
    request.log.error({ err: { type: fault.name, code: fault.code, message: fault.message, stack: fault.stack, cause } }, 'request failed');
  }
  return mapped;
}
