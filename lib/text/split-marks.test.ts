import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCoverage, MARKER_LINE, piecesFromMarkedText } from '@/lib/data/triage/coverage';
import { cutsFromMarked, markedFromCuts, normalizeCut, offsetAtCaret, textBefore, wordBoundaries } from './split-marks';

/** Opinion-like text: kana, kanji, Latin, digits, punctuation, line breaks, a character outside the BMP. */
const text = fc
  .array(fc.constantFrom('あ', 'い', '市', '公', '園', 'A', 'b', '1', '。', '、', ' ', '\n', '𠮷', '-'), { minLength: 2, maxLength: 40 })
  .map((chars) => chars.join(''))
  // A line of three hyphens in the original could not be told from a marker by anyone.
  .filter((t) => !t.split('\n').some((line) => MARKER_LINE.test(line)));

/** Cuts as the editor makes them: string offsets at code point boundaries, normalised, strictly inside. */
function cutsOf(original: string, picks: number[]): number[] {
  const points: number[] = [];
  let at = 0;
  for (const ch of original) points.push((at += ch.length));
  const inside = picks.map((p) => normalizeCut(original, points[p % points.length]!)).filter((c) => c > 0 && c < original.length);
  return [...new Set(inside)].sort((a, b) => a - b);
}

describe('split marks', () => {
  it('the marked text the buttons write is read back by the server as exactly those pieces', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 5 }), (original, picks) => {
        const cuts = cutsOf(original, picks);
        const marked = markedFromCuts(original, cuts);
        const expected = [0, ...cuts, original.length].slice(1).map((end, i, ends) => original.slice(i === 0 ? 0 : ends[i - 1], end));
        const pieces = piecesFromMarkedText(original, marked);
        expect(pieces).toEqual(expected);
        expect(checkCoverage(original, pieces).ok).toBe(true);
        expect(cutsFromMarked(original, marked)).toEqual(cuts);
      }),
    );
  });

  it('a caret anywhere in a piece maps to the same place in the original', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 4 }), fc.nat(), (original, picks, pick) => {
        const cuts = cutsOf(original, picks);
        const marked = markedFromCuts(original, cuts);
        // Every non-marker character of the marked text that is in the original: its offset there.
        const target = pick % (original.length + 1);
        const pieces = piecesFromMarkedText(original, marked);
        // Find the caret in the marked text that stands before original[target].
        let markedAt = 0;
        let originalAt = 0;
        for (const [i, piece] of pieces.entries()) {
          if (i > 0) markedAt += marked.slice(markedAt).indexOf('---') + 4;
          if (target <= originalAt + piece.length && (target < originalAt + piece.length || i === pieces.length - 1)) {
            expect(offsetAtCaret(original, marked, markedAt + (target - originalAt))).toBe(target);
            return;
          }
          markedAt += piece.length;
          originalAt += piece.length;
        }
      }),
    );
  });

  it('a typed marker in the middle of a line and one between lines are both understood', () => {
    const original = 'こどもの遊具を増やしてください。\n目標値の根拠も示してほしい。';
    expect(cutsFromMarked(original, 'こどもの遊具を\n---\n増やしてください。\n目標値の根拠も示してほしい。')).toEqual([7]);
    expect(cutsFromMarked(original, 'こどもの遊具を増やしてください。\n---\n目標値の根拠も示してほしい。')).toEqual([17]);
    // A character left out: not a split of this text.
    expect(cutsFromMarked(original, 'こどもの遊具を\n---\n増やしてください\n目標値の根拠も示してほしい。')).toBeNull();
  });

  it('a cut just before a line break goes after it, so the break ends the earlier piece', () => {
    expect(normalizeCut('ab\ncd', 2)).toBe(3);
    expect(normalizeCut('ab\ncd', 1)).toBe(1);
    expect(markedFromCuts('ab\ncd', [3])).toBe('ab\n---\ncd');
    expect(markedFromCuts('abcd', [2])).toBe('ab\n---\ncd');
  });

  it('boundaries move by words, found by the segmenter', () => {
    const words = wordBoundaries('公園の遊具を増やしてください。');
    expect(words[0]).toBe(0);
    expect(words.at(-1)).toBe(15);
    // 公園 | の | 遊具 | を ...: a boundary after 公園 and none inside it.
    expect(words).toContain(2);
    expect(words).not.toContain(1);
  });

  it('names a place by the words before it, within its line', () => {
    expect(textBefore('公園の遊具を増やしてください。目標値', 15)).toBe('…遊具を増やしてください。');
    expect(textBefore('一行目\n二行目', 6)).toBe('二行');
    expect(textBefore('𠮷野家', 1)).toBe('𠮷');
    expect(textBefore('abc', 0)).toBe('');
  });
});
