import { describe, expect, it } from 'vitest';
import { charDiff, splitSides, type DiffSegment } from './char-diff';

function render(segments: DiffSegment[]): string {
  return segments
    .map((s) => (s.kind === 'insert' ? `[+${s.text}]` : s.kind === 'delete' ? `[-${s.text}]` : s.text))
    .join('');
}

describe('charDiff on Japanese text', () => {
  it('reports no change for equal texts', () => {
    expect(charDiff('年少人口の推移', '年少人口の推移')).toEqual([{ kind: 'equal', text: '年少人口の推移' }]);
  });

  it('finds an insertion inside a sentence', () => {
    expect(render(charDiff('企業誘致活動を展開', '企業誘致やサテライトオフィス誘致活動を展開'))).toBe(
      '企業誘致[+やサテライトオフィス誘致]活動を展開',
    );
  });

  it('finds a deletion', () => {
    expect(render(charDiff('中学生の海外語学研修を通じた交流活動の推進', '中学生の交流活動の推進'))).toBe(
      '中学生の[-海外語学研修を通じた]交流活動の推進',
    );
  });

  it('finds a replacement of digits in a target value', () => {
    const segments = charDiff('目標値（令和6年度）1,602件', '目標値（令和9年度）1,630件');
    expect(render(segments)).toBe('目標値（令和[-6][+9]年度）1,6[-02][+30]件');
  });

  it('treats an empty before text as one insertion', () => {
    expect(charDiff('', '※年少人口：15歳未満の人口。')).toEqual([
      { kind: 'insert', text: '※年少人口：15歳未満の人口。' },
    ]);
  });

  it('splits into sides that rebuild each original text', () => {
    const before = '合計特殊出生率* 現状値 1.41';
    const after = '年少人口* 現状値 28,653人';
    const sides = splitSides(charDiff(before, after));
    expect(sides.before.map((s) => s.text).join('')).toBe(before);
    expect(sides.after.map((s) => s.text).join('')).toBe(after);
    expect(sides.before.some((s) => s.kind === 'insert')).toBe(false);
    expect(sides.after.some((s) => s.kind === 'delete')).toBe(false);
  });
});
