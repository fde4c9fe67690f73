import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextBlock } from '@/db/schema';
import {
  canonicalHeading,
  blocksToText,
  HEADING_KINDS,
  headingKind,
  parseRevisionTable,
  type ParsedItem,
  RevisionTableError,
} from './parse-revision-table';

const seed = readFileSync(path.join(import.meta.dirname, 'isesaki-2nd-strategy.txt'), 'utf8');
const parsed = parseRevisionTable(seed);

function item(number: number): ParsedItem {
  const found = parsed.items.find((candidate) => candidate.number === number);
  if (!found) throw new Error(`no item ${number}`);
  return found;
}

/** The seed's lines, and the 0-based index of the row for item `number`. */
const seedLines = seed.split('\n');
function rowIndex(number: number): number {
  const index = seedLines.findIndex((line) => line.startsWith(`${number}\t`));
  if (index < 0) throw new Error(`no row ${number} in the seed`);
  return index;
}

/** The seed with the row for item `number` replaced (or removed when `replacement` is null). */
function seedWithRow(number: number, replacement: string | null): string {
  const lines = [...seedLines];
  lines.splice(rowIndex(number), 1, ...(replacement === null ? [] : [replacement]));
  return lines.join('\n');
}

/** A small, well-formed document whose table rows start at line FIRST_ROW_LINE. */
const PREAMBLE = [
  '**題名**',
  '',
  '改訂の経緯及び方針',
  '- ✓ 概要です。',
  '',
  '改訂箇所',
  '※赤字部分が改訂箇所',
  'No.\tページ\t項目\t改訂前\t改訂後',
];
const FIRST_ROW_LINE = PREAMBLE.length + 1;
function table(...rows: string[]): string {
  return [...PREAMBLE, ...rows].join('\n');
}

/** Parses one row whose cells are `before` and `after`. */
function cells(before: string, after: string): ParsedItem {
  const [only] = parseRevisionTable(table(`1\tp.1\t注釈\t${before}\t${after}`)).items;
  if (!only) throw new Error('no item parsed');
  return only;
}

function parseError(source: string): RevisionTableError {
  try {
    parseRevisionTable(source);
  } catch (error) {
    if (error instanceof RevisionTableError) return error;
    throw error;
  }
  throw new Error('expected a RevisionTableError');
}

function allText(parsedItem: ParsedItem): string {
  return JSON.stringify([parsedItem.before, parsedItem.after, parsedItem.beforeText, parsedItem.afterText]);
}

describe('parseRevisionTable on the Isesaki seed', () => {
  it('reads the case title without the subtitle or the ** markers', () => {
    expect(parsed.title).toBe('第2期伊勢崎市まち・ひと・しごと創生総合戦略（改訂素案）');
  });

  it('reads the three overview paragraphs without their "- ✓" bullets', () => {
    expect(parsed.overview).toHaveLength(3);
    expect((parsed.overview[0] as { text: string }).text).toMatch(/^今回の改訂は、/);
    expect((parsed.overview[1] as { text: string }).text).toMatch(/^第2期総合戦略は、令和7年度以降/);
    expect((parsed.overview[2] as { text: string }).text).toMatch(/^将来像や施策の方向性は/);
    for (const block of parsed.overview) {
      expect(block.kind).toBe('paragraph');
      expect((block as { text: string }).text).not.toMatch(/^[-✓\s]|\s$/u);
    }
  });

  it('reads all 52 items, numbered 1..52 in order', () => {
    expect(parsed.items.map((parsedItem) => parsedItem.number)).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
  });

  it('reads page numbers, including the p24. typo', () => {
    expect(item(1).page).toBe(1);
    expect(item(3).page).toBe(5);
    expect(item(48).page).toBe(24);
    expect(item(52).page).toBe(27);
    for (const parsedItem of parsed.items) expect(Number.isInteger(parsedItem.page) && parsedItem.page > 0).toBe(true);
  });

  it('writes headings of a kind one way (brackets and spaces normalised), with section numbers', () => {
    expect(item(1).heading).toBe('2 総合戦略の対象期間と構成');
    expect(item(2).heading).toBe('3 総合戦略の方向性');
    expect(item(13).heading).toBe('重要業績評価指標（KPI）');
    expect(item(5).heading).toBe('重要業績評価指標（KPI）');
    // Every heading of a known kind is the kind itself, with its section number if it had one.
    for (const parsedItem of parsed.items) expect(parsedItem.heading.replace(/^\d+ /, '')).toBe(parsedItem.headingKind);
    expect(canonicalHeading(' 2．重要業績評価指標　（ＫＰＩ） ')).toBe('2 重要業績評価指標（KPI）');
    expect(canonicalHeading('独自の見出し (案)')).toBe('独自の見出し (案)');
  });

  it('gives every item a known heading kind, and uses every kind', () => {
    const kinds = parsed.items.map((parsedItem) => parsedItem.headingKind);
    for (const kind of kinds) expect(HEADING_KINDS).toContain(kind);
    expect(new Set(kinds)).toEqual(new Set(HEADING_KINDS));
    expect(item(13).headingKind).toBe('重要業績評価指標（KPI）');
    expect(item(5).headingKind).toBe('重要業績評価指標（KPI）');
    expect(item(1).headingKind).toBe('総合戦略の対象期間と構成');
    expect(item(46).headingKind).toBe('具体的な施策④');
  });

  it('keeps the changed wording of item 23', () => {
    expect(item(23).beforeText).toContain('合計特殊出生率');
    expect(item(23).afterText).toContain('年少人口');
  });

  it('reads a "—" before cell as nothing (item 7, item 40)', () => {
    for (const number of [7, 40]) {
      expect(item(number).before).toEqual([]);
      expect(item(number).beforeText).toBe('');
      expect(item(number).after.length).toBeGreaterThan(0);
      expect(item(number).afterText).not.toBe('');
    }
  });

  it('turns the unclosed <ul> of item 6 into a list of its items', () => {
    expect(item(6).before).toEqual<TextBlock[]>([
      { kind: 'paragraph', text: '(前略)' },
      { kind: 'list', items: ['技術開発や製品開発への支援', '伊勢崎銘仙などの伝統産業の振興', '販路拡大への支援'] },
    ]);
    const list = item(6).after.find((block) => block.kind === 'list');
    expect(list?.kind === 'list' && list.items).toContain('eスポーツの推進等による新産業分野の育成支援');
    expect(list?.kind === 'list' && list.items).toHaveLength(4);
  });

  it('turns each <p> into a paragraph (item 8)', () => {
    expect(item(8).before).toHaveLength(3);
    expect(item(8).before.every((block) => block.kind === 'paragraph')).toBe(true);
  });

  it('turns • and spaced ・ bullets into list items, keeping spaces inside an item', () => {
    expect(item(27).after).toEqual<TextBlock[]>([
      { kind: 'paragraph', text: '(前略)' },
      { kind: 'list', items: ['アプリの活用等を含む予防接種の円滑な推進'] },
      { kind: 'paragraph', text: '(中略)' },
      { kind: 'list', items: ['電子地域通貨 (ISECA) 等の活用を含む出産・子育ての支援'] },
    ]);
    expect(item(37).before).toEqual<TextBlock[]>([
      { kind: 'paragraph', text: '(前略)' },
      { kind: 'list', items: ['中学生の海外語学研修を通じた交流活動の推進'] },
    ]);
  });

  it('leaves ・ between words alone', () => {
    expect(item(5).before).toHaveLength(1);
    expect(item(5).beforeText).toContain('新技術・新製品等の開発数');
  });

  it('keeps omission marks visible, as written', () => {
    expect(item(1).afterText).toContain('（後略）');
    expect(item(6).beforeText).toContain('(前略)');
    expect(item(27).beforeText).toContain('(中略)');
    expect(item(29).before).toContainEqual({ kind: 'paragraph', text: '（中略）' });
    expect(item(16).before).toEqual<TextBlock[]>([
      { kind: 'list', items: ['華蔵寺公園遊園地の充実'] },
      { kind: 'paragraph', text: '（後略）' },
    ]);
  });

  it('keeps footnote marks', () => {
    expect(item(5).afterText).toContain('[*]');
    expect(item(10).afterText).toContain('[※]');
    expect(item(13).afterText).toContain('新規就農者数*');
    expect(item(7).afterText).toMatch(/^※製造品出荷額等/);
  });

  it('leaves no markup, placeholder dashes or stray whitespace in any item', () => {
    for (const parsedItem of parsed.items) {
      const text = allText(parsedItem);
      expect(text, `item ${parsedItem.number}`).not.toMatch(/[<>]|list-style|—/);
      for (const block of [...parsedItem.before, ...parsedItem.after]) {
        for (const line of block.kind === 'paragraph' ? [block.text] : block.items) {
          expect(line, `item ${parsedItem.number}`).toMatch(/^\S(?:.*\S)?$/);
          expect(line).not.toMatch(/\s{2}/);
        }
      }
    }
  });

  it('derives beforeText and afterText from the blocks', () => {
    for (const parsedItem of parsed.items) {
      expect(parsedItem.beforeText).toBe(blocksToText(parsedItem.before));
      expect(parsedItem.afterText).toBe(blocksToText(parsedItem.after));
      expect(parsedItem.after.length).toBeGreaterThan(0);
    }
  });

  it('reads the same with CRLF line endings and a BOM', () => {
    expect(parseRevisionTable(`\uFEFF${seed.replace(/\n/g, '\r\n')}`)).toEqual(parsed);
  });
});

describe('cells', () => {
  it('accepts <li> lists, inline tags and a tag cut off at the end', () => {
    expect(cells('<ul><li>一つ目 の項目</li><li><b>二つ</b>目</li></ul>', '本文<span style="color:red">追加</span>です <p')).toEqual(
      expect.objectContaining({
        before: [{ kind: 'list', items: ['一つ目 の項目', '二つ目'] }],
        after: [{ kind: 'paragraph', text: '本文追加です' }],
      }),
    );
  });

  it('decodes HTML entities after dropping markup', () => {
    const parsedItem = cells('A &amp; B&nbsp;&nbsp;C', '&lt;p&gt; is text &#x3042;&#12356;');
    expect(parsedItem.beforeText).toBe('A & B C');
    expect(parsedItem.afterText).toBe('<p> is text あい');
  });

  it('drops a dash that stands alone, but not one inside a word', () => {
    expect(cells('(前略) —', '前—後').before).toEqual([{ kind: 'paragraph', text: '(前略)' }]);
    expect(cells('<p>—</p>', '前—後').afterText).toBe('前—後');
  });

  it('reads full-width numbers and page numbers', () => {
    const [first] = parseRevisionTable(table('１\tｐ．１２\t注釈\t前\t後')).items;
    expect(first).toMatchObject({ number: 1, page: 12 });
  });
});

describe('headingKind', () => {
  it('normalises full- and half-width brackets and spaces', () => {
    expect(headingKind('重要業績評価指標 (KPI)')).toBe('重要業績評価指標（KPI）');
    expect(headingKind('重要業績評価指標（KPI）')).toBe('重要業績評価指標（KPI）');
    expect(headingKind(' 重要業績評価指標　（ＫＰＩ） ')).toBe('重要業績評価指標（KPI）');
  });

  it('keeps the circled number of a measure', () => {
    expect(['①', '②', '③', '④'].map((n) => headingKind(`具体的な施策${n}`))).toEqual([
      '具体的な施策①',
      '具体的な施策②',
      '具体的な施策③',
      '具体的な施策④',
    ]);
  });

  it('drops a leading section number', () => {
    expect(headingKind('2 総合戦略の対象期間と構成')).toBe('総合戦略の対象期間と構成');
    expect(headingKind('３　総合戦略の方向性')).toBe('総合戦略の方向性');
  });

  it('keeps plain kinds, and an unknown heading as its own kind', () => {
    for (const kind of ['数値目標', '主な取組', '注釈', '基本的方向']) expect(headingKind(kind)).toBe(kind);
    expect(headingKind('4 その他の事項')).toBe('その他の事項');
  });
});

describe('blocksToText', () => {
  it('writes paragraphs one per line and list items with ・', () => {
    const blocks: TextBlock[] = [
      { kind: 'paragraph', text: '(前略)' },
      { kind: 'list', items: ['一', '二'] },
    ];
    expect(blocksToText(blocks)).toBe('(前略)\n・一\n・二');
    expect(blocksToText([])).toBe('');
  });
});

describe('malformed input', () => {
  it('rejects a row with four columns, at its line', () => {
    const error = parseError(seedWithRow(23, '23\tp.14\t数値目標\tonly four columns'));
    expect(error.line).toBe(rowIndex(23) + 1);
    expect(error.reason).toMatch(/5 tab-separated columns, found 4/);
    expect(error.message).toBe(`line ${rowIndex(23) + 1}: ${error.reason}`);
  });

  it('rejects a non-numeric No.', () => {
    const error = parseError(seedWithRow(23, seedLines[rowIndex(23)]?.replace(/^23/, '二十三') ?? ''));
    expect(error).toMatchObject({ line: rowIndex(23) + 1, reason: expect.stringMatching(/not an integer/) });
    expect(parseError(table('1.5\tp.1\t注釈\t前\t後')).line).toBe(FIRST_ROW_LINE);
  });

  it('rejects a page without a number', () => {
    const error = parseError(seedWithRow(23, seedLines[rowIndex(23)]?.replace('p.14', 'p.') ?? ''));
    expect(error).toMatchObject({ line: rowIndex(23) + 1, reason: expect.stringMatching(/page/) });
  });

  it('rejects a duplicate No.', () => {
    const error = parseError(seedWithRow(24, seedLines[rowIndex(24)]?.replace(/^24/, '23') ?? ''));
    expect(error).toMatchObject({ line: rowIndex(24) + 1, reason: 'duplicate No. 23' });
  });

  it('rejects numbers that skip or do not start at 1', () => {
    // With row 24 gone, row 25 moves up one line, to 0-based index rowIndex(25) - 1.
    const skipped = seedWithRow(24, null);
    expect(parseError(skipped)).toMatchObject({ line: rowIndex(25), reason: 'expected No. 24, found 25' });
    expect(parseError(table('2\tp.1\t注釈\t前\t後')).line).toBe(FIRST_ROW_LINE);
  });

  it('rejects an empty after cell', () => {
    expect(parseError(seedWithRow(7, '7\tp.6\t注釈\t—\t')).line).toBe(rowIndex(7) + 1);
    expect(parseError(table('1\tp.1\t注釈\t前\t —')).line).toBe(FIRST_ROW_LINE);
  });

  it('rejects an empty file, and one without a title', () => {
    expect(parseError('')).toMatchObject({ line: 1, reason: expect.stringMatching(/title/) });
    expect(parseError('\uFEFF\r\n  \r\n')).toMatchObject({ line: 1 });
    expect(parseError('\n改訂箇所\nNo.\tページ\t項目\t改訂前\t改訂後\n1\tp.1\t注釈\t前\t後').line).toBe(2);
    expect(parseError('**題名\n続き\n').reason).toMatch(/closing \*\*/);
  });

  it('rejects a document without items, at its last line', () => {
    const error = parseError(PREAMBLE.join('\n') + '\n\n');
    expect(error).toMatchObject({ line: PREAMBLE.length, reason: 'no revision items' });
  });

  it('rejects a row before any header', () => {
    const source = ['**題名**', '改訂箇所', '1\tp.1\t注釈\t前\t後'].join('\n');
    expect(parseError(source)).toMatchObject({ line: 3, reason: expect.stringMatching(/before any header/) });
  });

  it('rejects unknown header columns', () => {
    const lines = [...seedLines];
    const header = lines.indexOf('No.\tページ\t項目\t改訂前\t改訂後');
    lines[header] = 'No.\tページ\t項目\t改訂前\t備考';
    expect(parseError(lines.join('\n'))).toMatchObject({ line: header + 1, reason: expect.stringMatching(/header/) });
  });

  it('rejects stray text inside the table', () => {
    expect(parseError(table('1\tp.1\t注釈\t前\t後', '続きの文章')).line).toBe(FIRST_ROW_LINE + 1);
  });
});
