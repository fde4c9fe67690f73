import type { RevisionItemContent, TextBlock } from '@/db/schema';

export type ParsedItem = RevisionItemContent;

export type ParsedRevisionTable = { title: string; overview: string[]; items: ParsedItem[] };

/** A malformed revision table; `line` is 1-based in the source so an editor can jump to it. */
export class RevisionTableError extends Error {
  constructor(readonly line: number, readonly reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'RevisionTableError';
  }
}

/**
 * The kinds of 項目, in the order a strategy document presents them: general sections, then per
 * goal its targets and direction, then per measure its KPIs, main actions and notes.
 */
export const HEADING_KINDS: readonly string[] = [
  ...['総合戦略の対象期間と構成', '総合戦略の方向性', '数値目標', '基本的方向'],
  ...['具体的な施策①', '具体的な施策②', '具体的な施策③', '具体的な施策④'],
  ...['重要業績評価指標（KPI）', '主な取組', '注釈'],
];

/** NFKC folds full/half-width brackets, digits and spaces (and ① into 1), so variants compare equal. */
function withoutSectionNumber(heading: string): string {
  const text = heading.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return text.replace(/^\d+(?:\.\d+)*(?:\.\s*|\s+)/, '');
}

function kindKey(heading: string): string {
  return withoutSectionNumber(heading).replace(/ /g, '');
}

const KIND_BY_KEY = new Map(HEADING_KINDS.map((kind) => [kindKey(kind), kind]));

/** Maps a heading to its kind in HEADING_KINDS; an unknown heading is its own kind, minus any section number. */
export function headingKind(heading: string): string {
  return KIND_BY_KEY.get(kindKey(heading)) ?? withoutSectionNumber(heading);
}

export function blocksToText(blocks: TextBlock[]): string {
  return blocks
    .flatMap((block) => (block.kind === 'paragraph' ? [block.text] : block.items.map((item) => `・${item}`)))
    .join('\n');
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (!name.startsWith('#')) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = /^#x/i.test(name) ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function cleanText(text: string): string {
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

/** Inline markup (spans, emphasis) is dropped and its text flows on; block tags give structure. */
const INLINE_TAG = /<\/?(?!(?:p|div|br|ul|ol|li)\b)[a-z][^>]*(?:>|$)/gi;

/** The structural pieces of a cell; the text between them is what the reader sees. */
const TOKEN = new RegExp(
  [
    String.raw`<(?<close>/?)(?<tag>p|div|br|ul|ol|li)\b[^>]*(?:>|$)`, // possibly cut off at the cell end
    String.raw`(?<omission>[(（]\s*(?:前略|中略|後略)\s*[)）])`,
    // Between words `・` is a plain separator (新技術・新製品); only after a space does it start a bullet.
    String.raw`(?<bullet>•|(?<=^|[\s>])・)`,
    // A lone `—` marks a passage that did not exist before, so it carries no text.
    String.raw`(?<=^|[\s>])[—―](?=[\s<]|$)`,
  ].join('|'),
  'gi',
);

/** How text is read: as one paragraph, as space-separated list items, or as one list item. */
type Mode = 'paragraph' | 'list' | 'item';

function modeAfter(groups: Record<string, string | undefined>): Mode {
  const { close, tag, bullet } = groups;
  if (bullet !== undefined) return 'item';
  if (tag === undefined || close === '/') return 'paragraph';
  if (/^(?:ul|ol)$/i.test(tag)) return 'list';
  return /^li$/i.test(tag) ? 'item' : 'paragraph';
}

function appendText(blocks: TextBlock[], raw: string, mode: Mode): void {
  const text = cleanText(raw);
  if (!text) return;
  if (mode === 'paragraph') blocks.push({ kind: 'paragraph', text });
  // The source's <ul> lists have no <li>: their items are only separated by spaces.
  else for (const item of mode === 'item' ? [text] : text.split(' ')) appendItem(blocks, item);
}

/** Consecutive items share one list; a paragraph in between starts a new one. */
function appendItem(blocks: TextBlock[], item: string): void {
  const last = blocks.at(-1);
  if (last?.kind === 'list') last.items.push(item);
  else blocks.push({ kind: 'list', items: [item] });
}

function cellBlocks(cell: string): TextBlock[] {
  const source = cell.replace(INLINE_TAG, '');
  const blocks: TextBlock[] = [];
  let mode: Mode = 'paragraph';
  let offset = 0;
  for (const match of source.matchAll(TOKEN)) {
    appendText(blocks, source.slice(offset, match.index), mode);
    offset = match.index + match[0].length;
    const groups = match.groups ?? {};
    // Omission marks stay visible, as their own paragraph, so readers know text was cut.
    if (groups.omission !== undefined) appendText(blocks, groups.omission, 'paragraph');
    mode = modeAfter(groups);
  }
  appendText(blocks, source.slice(offset), mode);
  return blocks;
}

const HEADER = ['No.', 'ページ', '項目', '改訂前', '改訂後'];
const SKIPPED_LINES = new Set(['改訂の経緯及び方針', '改訂箇所', '※赤字部分が改訂箇所']);

type Line = { number: number; text: string };

function isHeader(text: string): boolean {
  return text.split('\t')[0]?.normalize('NFKC').trim() === 'No.';
}

function checkHeader(line: Line): void {
  const cells = line.text.split('\t').map((cell) => cell.normalize('NFKC').trim());
  if (cells.join('\t') !== HEADER.join('\t')) {
    throw new RevisionTableError(line.number, `unknown header columns: expected ${HEADER.join(', ')}`);
  }
}

function parseNumber(cell: string, line: number): number {
  const text = cell.normalize('NFKC').trim();
  if (!/^\d+$/.test(text)) throw new RevisionTableError(line, `No. is not an integer: "${cell}"`);
  return Number(text);
}

/** Takes the first number, so typos like `p24.` still give page 24. */
function parsePage(cell: string, line: number): number {
  const digits = /\d+/.exec(cell.normalize('NFKC'));
  const page = digits ? Number(digits[0]) : 0;
  if (page < 1) throw new RevisionTableError(line, `page (ページ) has no number: "${cell}"`);
  return page;
}

function parseRow(line: Line): ParsedItem {
  const cells = line.text.split('\t');
  const [numberCell, pageCell, headingCell, beforeCell, afterCell] = cells;
  if (cells.length !== 5 || afterCell === undefined) {
    throw new RevisionTableError(line.number, `expected 5 tab-separated columns, found ${cells.length}`);
  }
  const number = parseNumber(numberCell ?? '', line.number);
  const page = parsePage(pageCell ?? '', line.number);
  const heading = cleanText(headingCell ?? '');
  if (!heading) throw new RevisionTableError(line.number, 'heading (項目) is empty');
  const before = cellBlocks(beforeCell ?? '');
  const after = cellBlocks(afterCell);
  if (after.length === 0) throw new RevisionTableError(line.number, 'after cell (改訂後) is empty');
  const [beforeText, afterText] = [blocksToText(before), blocksToText(after)];
  return { number, page, heading, headingKind: headingKind(heading), before, after, beforeText, afterText };
}

function checkSequence(item: ParsedItem, previous: ParsedItem[], line: number): void {
  if (previous.some((other) => other.number === item.number)) {
    throw new RevisionTableError(line, `duplicate No. ${item.number}`);
  }
  const expected = previous.length + 1;
  if (item.number !== expected) {
    throw new RevisionTableError(line, `expected No. ${expected}, found ${item.number}`);
  }
}

/** Reads the `**title**` (maybe wrapped over lines, the rest a subtitle); returns the title and the next index. */
function readTitle(lines: Line[]): { title: string; next: number } {
  const start = lines.findIndex((line) => line.text.trim() !== '');
  const first = lines[start];
  const text = first?.text.trim() ?? '';
  const title = text.replace(/^\*+|\*+$/g, '').trim();
  if (!first || !title || text.includes('\t') || SKIPPED_LINES.has(text) || isHeader(text)) {
    throw new RevisionTableError(first?.number ?? 1, 'no title before the revision table');
  }
  const closed = !text.startsWith('**') || (text.length > 2 && text.endsWith('**'));
  const end = closed ? start : lines.findIndex((line, i) => i > start && line.text.trim().endsWith('**'));
  if (end < 0) throw new RevisionTableError(first.number, 'title is missing its closing **');
  return { title, next: end + 1 };
}

function overviewParagraph(text: string): string {
  return cleanText(text.replace(/^(?:[-*•・]\s*)?(?:[✓✔]\s*)?/, ''));
}

export function parseRevisionTable(source: string): ParsedRevisionTable {
  const lines = source
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((text, i) => ({ number: i + 1, text }));
  const { title, next } = readTitle(lines);
  const overview: string[] = [];
  const items: ParsedItem[] = [];
  let inTable = false; // after 改訂箇所, stray text is a broken row rather than more overview
  let sawHeader = false;
  for (const line of lines.slice(next)) {
    const text = line.text.trim();
    if (text === '' || SKIPPED_LINES.has(text)) {
      inTable ||= text === '改訂箇所';
    } else if (isHeader(text)) {
      checkHeader(line);
      inTable = sawHeader = true;
    } else if (!inTable && !text.includes('\t')) {
      overview.push(overviewParagraph(text));
    } else if (!sawHeader) {
      throw new RevisionTableError(line.number, 'table row before any header row');
    } else {
      const item = parseRow(line);
      checkSequence(item, items, line.number);
      items.push(item);
    }
  }
  if (items.length === 0) {
    const last = lines.findLast((line) => line.text.trim() !== '');
    throw new RevisionTableError(last?.number ?? 1, 'no revision items');
  }
  return { title, overview, items };
}
