/**
 * The one error a decision can raise: the command is not allowed in the journey's current state.
 * `message` says why and what must happen first; it is shown to staff, so it never carries personal data.
 * The workflow turns it into an `ApplicationFailure` of type `DomainError`, and the API into a 409.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    /** A stable, machine-readable reason, such as `journey_closed` or `budget_not_told`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function reject(code: string, message: string): never {
  throw new DomainError(code, message);
}
