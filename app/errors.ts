import type { ZodError, ZodType } from 'zod';

/** One problem with the input: where it is (`person.nhsNumber`) and what is wrong. */
export interface Issue {
  path: string;
  message: string;
}

/**
 * The application's one error family: every refusal a use case gives, with the status the contract
 * (api.md) names for it, a stable code and a message a person can act on. The API sends it as JSON, the
 * web as a page; neither translates it again.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The contract's error shape: `{ error: { code, message, issues } }`. */
  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export const invalidInput = (message: string, issues?: Issue[]) => new AppError(400, 'invalid_input', message, issues);
export const unauthenticated = (message: string) => new AppError(401, 'unauthenticated', message);
export const forbidden = (message: string, issues?: Issue[]) => new AppError(403, 'forbidden', message, issues);
export const notFound = (message = 'No such journey.') => new AppError(404, 'not_found', message);
/** The journey's state (or another writer) forbids it now: the message says why and what must happen first. */
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const internalError = (cause: unknown) =>
  new AppError(500, 'internal_error', 'Something went wrong on our side.', undefined, { cause });

export function issuesOf(error: ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
  }));
}

/** Validates input with a zod schema; a 400 lists every problem with its path. */
export function parseInput<T>(schema: ZodType<T>, value: unknown, prefix: (string | number)[] = []): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput('The request is not valid: see issues.', issuesOf(result.error, prefix));
  return result.data;
}
