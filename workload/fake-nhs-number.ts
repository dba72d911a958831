import type { Random } from './prng';

/**
 * A valid-checksum NHS number in the 999 range, which is reserved for testing and never issued to a
 * patient: the data looks real to every check and can never be mistaken for a real person's.
 */
export function fakeNhsNumber(random: Random): string {
  for (;;) {
    const digits = [9, 9, 9, ...Array.from({ length: 6 }, () => random.int(0, 9))];
    const sum = digits.reduce((total, digit, i) => total + digit * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue; // no valid check digit: draw again
    return [...digits, check === 11 ? 0 : check].join('');
  }
}
