/*
 * The receipt number's alphabet, check character and parser, without Node.js: the lookup form
 * checks a typed number in the browser before anything is sent.
 */
/**
 * 受付番号: eight random characters and a check character, shown as `K7Q2-M9XA-3`.
 *
 * The alphabet is Crockford's base 32 without S (too close to 5): 31 symbols, a prime count.
 * The check character makes Σ position × value ≡ 0 (mod 31) over all nine characters, with
 * positions 1…9. Because 31 is prime and every weight and every difference of two values is
 * below 31, any single wrong character changes the sum, and so does swapping two neighbours
 * (the sum changes by the difference of their values). So every single typo and every adjacent
 * transposition is detected.
 */
export const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRTVWXYZ';
export const MOD = RECEIPT_ALPHABET.length; // 31
export const BODY_LENGTH = 8;

function weightedSum(values: number[]): number {
  return values.reduce((sum, v, i) => (sum + (i + 1) * v) % MOD, 0);
}

/** The check value for a body, so that the weighted sum including it (weight 9) is 0. */
export function checkValue(body: number[]): number {
  const partial = weightedSum(body);
  const weight = body.length + 1;
  // weight × c ≡ −partial (mod 31): multiply by the inverse of the weight.
  for (let c = 0; c < MOD; c++) if ((partial + weight * c) % MOD === 0) return c;
  throw new Error('unreachable: 31 is prime');
}

export function formatReceiptNumber(chars: string): string {
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/**
 * Reads a number as a person might type it: any case, full-width characters, without or with
 * other separators, O for 0, I and L for 1. Returns the canonical form, or null when it is not
 * a valid receipt number (wrong length, unknown characters or a failed check).
 */
export function parseReceiptNumber(input: string): string | null {
  const cleaned = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐－ー_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== BODY_LENGTH + 1) return null;
  const values = [...cleaned].map((ch) => RECEIPT_ALPHABET.indexOf(ch));
  if (values.some((v) => v < 0)) return null;
  if (weightedSum(values) !== 0) return null;
  return formatReceiptNumber(cleaned);
}
