import { describe, expect, it } from 'vitest';
import { normalizeForComparison, textSimilarity } from './normalize-for-comparison';

describe('normalizeForComparison', () => {
  it('folds full- and half-width forms and case', () => {
    expect(normalizeForComparison('ＫＰＩの目標値１２３')).toBe('kpiの目標値123');
    expect(normalizeForComparison('ｶﾀｶﾅ')).toBe('カタカナ');
    expect(normalizeForComparison('ABC')).toBe(normalizeForComparison('ａｂｃ'));
  });

  it('drops whitespace, Japanese and ASCII punctuation and symbols', () => {
    expect(normalizeForComparison('「子育て支援」を、 充実して\nください。')).toBe('子育て支援を充実してください');
    expect(normalizeForComparison('・公園！？…（整備）【要望】※')).toBe('公園整備要望');
    expect(normalizeForComparison('a, b. c; "d" (e) - f')).toBe('abcdef');
    expect(normalizeForComparison('　全角スペース　')).toBe('全角スペース');
  });

  it('keeps the words: different opinions stay different', () => {
    expect(normalizeForComparison('公園を増やしてください')).not.toBe(normalizeForComparison('公園を減らしてください'));
  });
});

describe('textSimilarity', () => {
  it('is 1 for the same text and lower for a changed one', () => {
    const a = normalizeForComparison('駅前の駐輪場を増やしてください。');
    const b = normalizeForComparison('駅前の駐輪場をもっと増やしてください');
    const c = normalizeForComparison('図書館の開館時間を延ばしてほしい');
    expect(textSimilarity(a, a)).toBe(1);
    expect(textSimilarity(a, b)).toBeGreaterThan(0.7);
    expect(textSimilarity(a, b)).toBeLessThan(1);
    expect(textSimilarity(a, c)).toBeLessThan(0.2);
    expect(textSimilarity('', '')).toBe(0);
  });
});
