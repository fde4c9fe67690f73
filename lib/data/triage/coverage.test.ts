import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCoverage, codePoints, piecesAt, piecesFromMarkedText } from './coverage';

describe('split coverage', () => {
  it('pieces cut anywhere cover every character exactly once (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('年', '少', '人', '口', '𠮷', '。', '\n', 'a', '１'), minLength: 2, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (text, rawCuts) => {
          const length = codePoints(text).length;
          const cuts = [...new Set(rawCuts.map((c) => 1 + (c % (length - 1))))].sort((a, b) => a - b);
          const pieces = piecesAt(text, cuts)!;
          const result = checkCoverage(text, pieces);
          expect(result).toEqual({ ok: true, cuts });
          // Each character position of the original lands in exactly one piece.
          const owner = new Array<number>(length).fill(0);
          let at = 0;
          for (const piece of pieces) at = codePoints(piece).reduce((i) => (owner[i]! += 1, i + 1), at);
          expect(owner.every((n) => n === 1)).toBe(true);
        },
      ),
    );
  });

  it('says what was left out, and what was added, where', () => {
    expect(checkCoverage('年少人口の目標値を示してください。', ['年少人口の', '目標値を示して。'])).toEqual({
      ok: false,
      problems: [{ kind: 'missing', at: 12, text: 'ください' }],
    });
    expect(checkCoverage('ABC', ['A', 'xBC'])).toEqual({ ok: false, problems: [{ kind: 'extra', at: 1, text: 'x' }] });
    expect(checkCoverage('ABC', ['A', '', 'BC']).ok).toBe(false);
  });

  it('counts a character outside the BMP as one, never half', () => {
    expect(checkCoverage('𠮷野家の意見', ['𠮷', '野家の意見'])).toEqual({ ok: true, cuts: [1] });
  });

  it('reads marker lines whether the cut is inside a line or between lines', () => {
    expect(piecesFromMarkedText('一つ目。二つ目。', '一つ目。\n---\n二つ目。')).toEqual(['一つ目。', '二つ目。']);
    expect(piecesFromMarkedText('一つ目。\n二つ目。', '一つ目。\n---\n二つ目。')).toEqual(['一つ目。\n', '二つ目。']);
    expect(piecesFromMarkedText('あ\n\nい', 'あ\n\n－－－\nい')).toEqual(['あ\n\n', 'い']);
    expect(piecesFromMarkedText('あい', 'あい')).toEqual(['あい']);
  });
});
