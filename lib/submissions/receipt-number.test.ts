import { describe, expect, it } from 'vitest';
import { generateReceiptNumber, parseReceiptNumber, RECEIPT_ALPHABET } from './receipt-number';

describe('receipt number', () => {
  it('is short, readable and grouped, and valid by its own check', () => {
    const n = generateReceiptNumber();
    expect(n).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    expect(n).not.toMatch(/[ILOSU]/);
    expect(parseReceiptNumber(n)).toBe(n);
  });

  it('does not repeat over 200,000 generated numbers', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(generateReceiptNumber());
    expect(seen.size).toBe(200_000);
  });

  it('detects every single-character typo and every adjacent transposition', () => {
    let checked = 0;
    for (let sample = 0; sample < 300; sample++) {
      const canonical = generateReceiptNumber().replace(/-/g, '');
      for (let i = 0; i < canonical.length; i++) {
        for (const ch of RECEIPT_ALPHABET) {
          if (ch === canonical[i]) continue;
          const typo = canonical.slice(0, i) + ch + canonical.slice(i + 1);
          expect(parseReceiptNumber(typo), `${canonical} → ${typo}`).toBeNull();
          checked++;
        }
        if (i + 1 < canonical.length && canonical[i] !== canonical[i + 1]) {
          const swapped = canonical.slice(0, i) + canonical[i + 1] + canonical[i] + canonical.slice(i + 2);
          expect(parseReceiptNumber(swapped), `${canonical} → ${swapped}`).toBeNull();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(80_000);
  });

  it('reads what people type: lower case, full width, O for 0, I/L for 1, no hyphens', () => {
    // A number whose body holds 0 and 1, so the look-alike letters matter.
    const values = [0, 1, 0, 1, 2, 3, 4, 5];
    const n = generateReceiptNumber(() => values.shift()!);
    const plain = n.replace(/-/g, '');
    expect(parseReceiptNumber(plain.toLowerCase())).toBe(n);
    expect(parseReceiptNumber(plain.replace(/0/g, 'O').replace(/1/g, 'l'))).toBe(n);
    expect(parseReceiptNumber(plain.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)))).toBe(n);
    expect(parseReceiptNumber('')).toBeNull();
    expect(parseReceiptNumber(`${n}0`)).toBeNull();
    expect(parseReceiptNumber('SSSS-SSSS-S')).toBeNull();
  });
});
