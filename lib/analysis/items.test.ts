import { describe, expect, it } from 'vitest';
import { seedItems } from './eval/seed-items';
import { ItemSuggester, wordOverlapBaseline } from './items';

const items = seedItems();
const suggester = new ItemSuggester(items);

describe('ItemSuggester', () => {
  it('finds the item a resident names by content, with score and matched words', () => {
    const [best, ...rest] = suggester.suggest('コミュニティバスの目標値を下げるのは反対です。');
    expect(best!.itemNumber).toBe(47);
    expect(best!.score).toBeGreaterThan(0);
    expect(best!.matchedWords).toContain('コミュニティバス');
    expect(rest.length).toBeLessThanOrEqual(2);
    for (const other of rest) expect(other.score).toBeLessThanOrEqual(best!.score);
  });

  it('weighs the words the revision changed: an added action beats the paragraph it came from', () => {
    expect(suggester.suggest('サテライトオフィス誘致の促進が主な取組に加わったのは良いことです。')[0]!.itemNumber).toBe(11);
  });

  it('a pointer to a kind of item (目標, 注, 取組) favours items of that kind', () => {
    expect(suggester.suggest('年少人口という言葉の説明の注に、外国籍の子を含むか書いてください。')[0]!.itemNumber).toBe(25);
    expect(suggester.suggest('年少人口の目標の根拠を教えてください。')[0]!.itemNumber).toBe(23);
  });

  it('suggests nothing for a text that shares no term with any item', () => {
    expect(suggester.suggest('よろしくお願いします。')).toEqual([]);
  });

  it('reads words in foreign text where they name the topic', () => {
    expect(suggester.suggest('Tôi ủng hộ eスポーツ.')[0]!.itemNumber).toBeOneOf([6, 17]);
  });
});

describe('wordOverlapBaseline', () => {
  it('ranks by shared words, at most three', () => {
    const ranked = wordOverlapBaseline(items)('ふるさと納税の寄付件数の目標について');
    expect(ranked[0]).toBe(18);
    expect(ranked.length).toBeLessThanOrEqual(3);
  });
});
