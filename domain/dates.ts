/**
 * Calendar and instant arithmetic on ISO strings. Deterministic: it never reads the clock, so it runs the
 * same inside the workflow sandbox, in replay and in tests.
 */
const dayMs = 86_400_000;

/** Milliseconds since the epoch of an ISO instant or date. */
export function ms(iso: string): number {
  return Date.parse(iso);
}

/** The calendar date (UTC) of an ISO instant. */
export function dateOf(instant: string): string {
  return new Date(ms(instant)).toISOString().slice(0, 10);
}

/** A calendar date plus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(ms(`${date}T00:00:00.000Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((ms(`${to}T00:00:00.000Z`) - ms(`${from}T00:00:00.000Z`)) / dayMs);
}

export function instant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
