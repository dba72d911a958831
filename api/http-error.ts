import type { ZodError, ZodType } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

/** An answer other than success, with the contract's error shape: `{ error: { code, message, issues } }`. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export function issuesOf(error: ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
  }));
}

/** Validates input with a zod schema; a 400 lists every problem with its path. */
export function parseOr400<T>(schema: ZodType<T>, value: unknown, prefix: (string | number)[] = []): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'invalid_input', 'The request is not valid: see issues.', issuesOf(result.error, prefix));
  return result.data;
}
