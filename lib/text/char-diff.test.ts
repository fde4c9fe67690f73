import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedItems } from '@/lib/analysis/eval/seed-items';
import { charDiff, readingUnits, splitSides, WHOLE_UNIT, type DiffSegment } from './char-diff';

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

  it('marks a changed number or date whole, never the digits inside it', () => {
    expect(render(charDiff('目標値（令和6年度）1,602件', '目標値（令和9年度）1,630件'))).toBe('目標値（[-令和6年度）1,602][+令和9年度）1,630]件');
    expect(render(charDiff('年少人口を492.5万人に', '年少人口を430万人に'))).toBe('年少人口を[-492.5][+430]万人に');
    expect(render(charDiff('２０２４年３月３１日まで', '２０２５年３月３１日まで'))).toBe('[-２０２４年３月３１日][+２０２５年３月３１日]まで');
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

/** Where a side's marks begin and end, as offsets into that side's text. */
function markEdges(side: DiffSegment[]): number[] {
  const edges: number[] = [];
  let offset = 0;
  for (const [i, s] of side.entries()) {
    if (s.kind !== 'equal' && (i === 0 || side[i - 1]!.kind === 'equal')) edges.push(offset);
    offset += s.text.length;
    if (s.kind !== 'equal') edges.push(offset);
  }
  return edges;
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
/** The property: both sides rebuild their text, and no mark starts or ends inside a number, a date or a word. */
function expectWholeUnits(before: string, after: string) {
  const { before: b, after: a } = splitSides(charDiff(before, after));
  for (const [text, side] of [[before, b], [after, a]] as const) {
    expect(side.map((s) => s.text).join('')).toBe(text);
    const wordEdges = new Set([...segmenter.segment(text)].map((s) => s.index).concat(text.length));
    const inside = new Set<number>();
    // Inside a number or a date, found by the pattern alone (not by the diff's own units).
    for (const m of text.matchAll(WHOLE_UNIT)) for (let i = m.index + 1; i < m.index + m[0].length; i++) inside.add(i);
    // And between two digits, whatever the pattern says.
    for (let i = 1; i < text.length; i++) if (/[0-9０-９]/.test(text[i - 1]!) && /[0-9０-９]/.test(text[i]!)) inside.add(i);
    for (const edge of markEdges(side)) {
      expect(inside.has(edge), `${JSON.stringify(text)} split at ${edge}`).toBe(false);
      expect(wordEdges.has(edge), `${JSON.stringify(text)} cut inside a word at ${edge}`).toBe(true);
    }
  }
}

describe('marks cover whole numbers, dates and words', () => {
  it('in every one of the seed case’s 52 items (改訂前 → 改訂後)', () => {
    const items = seedItems();
    expect(items).toHaveLength(52);
    for (const item of items) expectWholeUnits(item.beforeText, item.afterText);
  });

  it('for generated pairs: numbers, dates and words changed, added and removed', () => {
    const digits = fc.constantFrom(...'0123456789０１２３４５６７８９');
    const number = fc
      .tuple(fc.array(digits, { minLength: 1, maxLength: 4 }), fc.option(fc.tuple(fc.constantFrom(',', '.', '，', '．'), fc.array(digits, { minLength: 1, maxLength: 3 }))))
      .map(([whole, rest]) => whole.join('') + (rest ? rest[0] + rest[1].join('') : ''));
    const date = fc.oneof(
      fc.tuple(fc.constantFrom('令和', '平成'), fc.integer({ min: 1, max: 31 }), fc.constantFrom('年', '年度')).map(([era, y, s]) => `${era}${y}${s}`),
      fc.tuple(fc.integer({ min: 1990, max: 2040 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}年${m}月${d}日`),
    );
    const word = fc.constantFrom('年少人口', '目標', '値', 'の', 'を', '万人', '件', '（', '）', '、', '。', 'サテライトオフィス', '誘致', '活動', '推進', 'KPI', '重要業績評価指標', ' ', '*', '※');
    const text = fc.array(fc.oneof(number, date, word, word), { maxLength: 14 }).map((parts) => parts.join(''));
    // The after text: the before text with some parts replaced, dropped or added.
    const pair = fc.tuple(text, text, text).chain(([head, middle, tail]) =>
      fc.tuple(fc.constant(head + middle + tail), fc.oneof(fc.constant(head + tail), text.map((other) => head + other + tail), text.map((other) => other + middle))),
    );
    fc.assert(
      fc.property(pair, ([before, after]) => {
        expectWholeUnits(before, after);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the units of a text as the segmenter cuts it, joining numbers and dates', () => {
    expect(readingUnits('２０２５年３月３１日まで、1,602件')).toEqual(['２０２５年３月３１日', 'まで', '、', '1,602', '件']);
  });
});
