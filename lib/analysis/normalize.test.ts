import { describe, expect, it } from 'vitest';
import { isBoilerplate, matchKey, normalizeText, normalizeWithOffsets, originalSpan, splitSentences } from './normalize';
import { intersectionSize, shingleSet } from './shingles';

describe('normalizeText', () => {
  it('folds width, case and every kind of white space', () => {
    expect(normalizeText('ＡＢＣ　１２３\n\nｱｲｳ\tabc')).toBe('abc 123 アイウ abc');
  });
});

describe('matchKey', () => {
  const core = 'コミュニティバスの目標を下げないでください。高齢者の足です。';
  it('ignores greetings, sign-offs, self-introductions, punctuation, width and line breaks', () => {
    const variants = [
      `いつもお世話になっております。\n${core}\nよろしくお願いいたします。`,
      `連取町に住む70代の者です。${core}`,
      `拝啓\n${core}\n敬具`,
      core.replace('。', '。\n\n').replace('、', '，'),
      'コミュニティバスの目標を下げないでください　高齢者の足です',
    ];
    for (const variant of variants) expect(matchKey(variant)).toBe(matchKey(core));
  });
  it('keeps sentences that say something', () => {
    expect(matchKey(`${core}私は毎日バスに乗っています。`)).not.toBe(matchKey(core));
    expect(isBoilerplate('バスの本数を増やしてください。')).toBe(false);
    expect(isBoilerplate('よろしくお願いします。')).toBe(true);
  });
  it('splits sentences at 。！？ and line breaks', () => {
    expect(splitSentences('一つ目。二つ目！三つ目\n四つ目')).toEqual(['一つ目。', '二つ目！', '三つ目', '四つ目']);
  });
});

describe('normalizeWithOffsets', () => {
  it('maps spans of the normalised text back to the original', () => {
    const original = '電話は０９０－１２３４－５６７８です';
    const { text, offsets } = normalizeWithOffsets(original);
    const start = text.indexOf('090');
    const span = originalSpan(offsets, start, start + '090-1234-5678'.length);
    expect(original.slice(span.start, span.end)).toBe('０９０－１２３４－５６７８');
  });
  it('keeps offsets right after characters that NFKC expands', () => {
    const original = '㈱山田の前、電話090-1111-2222';
    const { text, offsets } = normalizeWithOffsets(original);
    expect(text.startsWith('(株)')).toBe(true);
    const start = text.indexOf('090');
    const span = originalSpan(offsets, start, text.length);
    expect(original.slice(span.start, span.end)).toBe('090-1111-2222');
  });
});

describe('shingleSet', () => {
  it('a one-character typo changes at most n shingles', () => {
    const a = shingleSet(matchKey('高齢者や学生にとってバスは生活に欠かせない足です'), 5);
    const b = shingleSet(matchKey('高齢者や学生にとってバスは生活に書かせない足です'), 5);
    expect(a.length - intersectionSize(a, b)).toBeLessThanOrEqual(5);
    expect(intersectionSize(a, b)).toBeGreaterThan(0);
  });
  it('a text shorter than a shingle is one shingle; an empty text none', () => {
    expect(shingleSet('反対', 5)).toHaveLength(1);
    expect(shingleSet('', 5)).toHaveLength(0);
  });
});
