import type { Pathway } from '../vocabulary';

/**
 * Everyday wording shared by the person's summary. Formatting is by hand, never the machine's locale, so
 * the same journey reads the same on every server, in the workflow sandbox and in tests.
 */

/** Integer pence as pounds, en-GB: 1234567 -> '£12,345.67'; whole pounds drop the pence: '£10,000'. */
export function pounds(pence: number): string {
  const sign = pence < 0 ? 'minus ' : '';
  const abs = Math.abs(Math.round(pence));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100;
  return `${sign}£${whole}${rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`}`;
}

const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A calendar date or an ISO instant (its UTC date) as '3 June 2025', or with another language's month names. */
export function longDate(iso: string, months: readonly string[] = englishMonths): string {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  return `${day ?? ''} ${months[(month ?? 1) - 1] ?? ''} ${year ?? ''}`;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A rough length of time for 'usually takes about ...': days under two weeks, then weeks, months, years. */
export function duration(days: number): string {
  const d = Math.max(0, days);
  if (d < 1) return 'less than a day';
  if (d < 14) return plural(Math.round(d), 'day');
  if (d < 60) return plural(Math.round(d / 7), 'week');
  if (d < 548) return plural(Math.round(d / 30.44), 'month');
  return plural(Math.round(d / 365.25), 'year');
}

/** An exact count of days, for time waited and targets, so that '30 days' can be compared with '28 days'. */
export function dayCount(days: number): string {
  return days <= 60 ? plural(Math.round(days), 'day') : duration(days);
}

/** Who pays, by pathway: the NHS for health budgets, the council for social care, both when pooled. */
export function funderOf(pathway: Pathway | null): string {
  switch (pathway) {
    case 'chc':
    case 'chc_fast_track':
    case 'phb':
      return 'the NHS';
    case 'social_care':
      return 'the council';
    case 'integrated':
      return 'the NHS and the council';
    case null:
      return 'the NHS or the council';
  }
}

export function budgetNameOf(pathway: Pathway | null): string {
  switch (pathway) {
    case 'chc':
    case 'chc_fast_track':
    case 'phb':
      return 'personal health budget';
    case 'integrated':
      return 'joint personal budget';
    case 'social_care':
    case null:
      return 'personal budget';
  }
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Free text (a reason, a trace label) made fit to end a sentence: trimmed, without trailing punctuation. */
export function clause(text: string): string {
  return text.trim().replace(/[\s.:;,!]+$/, '');
}
