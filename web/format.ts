/** Formatting for the pages, by hand so that it never depends on the server's locale. */

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 1234567 pence -> "£12,345.67" (whole pounds drop the pence). */
export function formatPence(pence: unknown): string {
  if (typeof pence !== 'number' || !Number.isFinite(pence)) return '';
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(Math.round(pence));
  const pounds = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100;
  return `${sign}£${pounds}${rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`}`;
}

/** An ISO time or date -> "3 March 2026". */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function formatDays(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  const rounded = Math.round(value * 10) / 10;
  return `${rounded} ${rounded === 1 ? 'day' : 'days'}`;
}

/** What staff call each pathway: acronyms as written in the NHS, never "Chc". */
export const pathwayLabels: Record<string, string> = {
  chc: 'NHS Continuing Healthcare',
  chc_fast_track: 'Continuing Healthcare fast track',
  phb: 'Other personal health budget',
  social_care: 'Social care personal budget',
  integrated: 'Integrated (NHS and social care)',
};

export function pathwayLabel(value: unknown): string {
  return typeof value === 'string' ? (pathwayLabels[value] ?? humanise(value)) : '';
}

/** "indicative_budget" -> "Indicative budget". */
export function humanise(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) return '';
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "£1,250.50", "1250.5" or "1250" -> 125050 pence; null when it is not an amount of money. */
export function parsePounds(text: string): number | null {
  const cleaned = text.replace(/[£,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [pounds, pence = ''] = cleaned.split('.');
  return Number(pounds) * 100 + Number(pence.padEnd(2, '0'));
}
