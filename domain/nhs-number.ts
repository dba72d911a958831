/**
 * An NHS number is ten digits whose last is a modulus 11 check digit over the first nine (weights 10..2).
 * A remainder giving a check digit of 10 makes the number invalid.
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 9).reduce((total, digit, i) => total + digit * (10 - i), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === digits[9];
}
