import { randomInt } from 'node:crypto';
import { BODY_LENGTH, checkValue, formatReceiptNumber, MOD, RECEIPT_ALPHABET } from './receipt-number-check';

export { parseReceiptNumber, RECEIPT_ALPHABET } from './receipt-number-check';

export function generateReceiptNumber(random: (max: number) => number = randomInt): string {
  const body = Array.from({ length: BODY_LENGTH }, () => random(MOD));
  const values = [...body, checkValue(body)];
  return formatReceiptNumber(values.map((v) => RECEIPT_ALPHABET[v]).join(''));
}
