import { isValidNhsNumber } from '../nhs-number';

/** Ten digits, written together or as 3-3-4 with spaces or hyphens, not inside a longer number. */
const candidate = /(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])/g;

/**
 * Takes every NHS number out of a message, whoever typed it: the person's own (passed in) and any
 * ten-digit number that passes the modulus 11 check (a coordinator's note or a plan's reason may hold
 * one). A message is read by whoever opens the post or the phone, so it never carries one.
 */
export function redactNhsNumbers(text: string, own?: string): string {
  const ownDigits = own?.replace(/\D/g, '');
  return text.replace(candidate, (match, a: string, b: string, c: string) => {
    const digits = `${a}${b}${c}`;
    return digits === ownDigits || isValidNhsNumber(digits) ? '[number removed]' : match;
  });
}

/** True when the text holds no NHS-number-shaped value that could be one (or the given one). */
export function containsNhsNumber(text: string, own?: string): boolean {
  return redactNhsNumbers(text, own) !== text;
}
