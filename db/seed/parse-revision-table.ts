import type { RevisionItemContent, TextBlock } from '@/db/schema';

export type ParsedItem = RevisionItemContent;

export type ParsedRevisionTable = { title: string; overview: TextBlock[]; items: ParsedItem[] };

/** What can be wrong in a revision table; each has a Japanese message (messages/ja.json revisionTable.*). */
export type RevisionTableProblemCode =
  | 'noTitle'
  | 'titleUnclosed'
  | 'header'
  | 'rowBeforeHeader'
  | 'columns'
  | 'numberNotInteger'
  | 'numberDuplicate'
  | 'numberSequence'
  | 'pageMissing'
  | 'headingEmpty'
  | 'afterEmpty'
  | 'markup'
  | 'characters'
  | 'noItems';

/** One problem: `line` is the 1-based line (or spreadsheet row), `column` the 1-based column when one cell is at fault. */
export type RevisionTableProblem = {
  line: number;
  column: number | null;
  code: RevisionTableProblemCode;
  params: Record<string, string | number>;
  reason: string;
};

/** A malformed revision table, with every problem found; `line`/`reason` are the first one's. */
export class RevisionTableError extends Error {
  readonly problems: RevisionTableProblem[];
  constructor(problems: RevisionTableProblem[]) {
    const first = problems[0]!;
    super(`line ${first.line}: ${first.reason}`);
    this.name = 'RevisionTableError';
    this.problems = problems;
  }

  get line(): number {
    return this.problems[0]!.line;
  }

  get reason(): string {
    return this.problems[0]!.reason;
  }
}

/**
 * One row of a source: a line of the tab-separated text, or a row of a CSV or XLSX sheet.
 * `cells` is the single text of a line outside the table (title, overview) when it has no tabs.
 */
export type SourceRow = { line: number; cells: string[] };

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

/**
 * A heading of a known kind written one way, its section number kept: 「重要業績評価指標 (KPI)」
 * and 「重要業績評価指標（ＫＰＩ）」 both become 「重要業績評価指標（KPI）」, 「2　総合戦略の対象期間と構成」
 * becomes 「2 総合戦略の対象期間と構成」. An unknown heading stays as written.
 */
export function canonicalHeading(heading: string): string {
  const kind = KIND_BY_KEY.get(kindKey(heading));
  if (!kind) return heading;
  const section = /^(\d+(?:\.\d+)*)(?:\.\s*|\s+)/.exec(heading.normalize('NFKC').trim());
  return section ? `${section[1]} ${kind}` : kind;
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

/** Markup the source documents use; anything else (script, iframe, img, links…) is refused, never stripped. */
const ALLOWED_TAGS = new Set(['p', 'div', 'br', 'ul', 'ol', 'li', 'span', 'strong', 'em', 'b', 'i', 'u', 'sup', 'sub']);
const ALLOWED_ATTRIBUTES = new Set(['style', 'class']);
const ANY_TAG = /<\/?([a-z][a-z0-9-]*)\b([^>]*)(?:>|$)/gi;
const ATTRIBUTE = /([a-z_:][-a-z0-9_:.]*)\s*(?:=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?/gi;

/** Why a cell's markup is refused, or null: residents must never get markup nobody wrote on purpose. */
function markupProblem(cell: string): string | null {
  if (/<!|<\?/.test(cell)) return 'comment or declaration';
  for (const match of cell.matchAll(ANY_TAG)) {
    const tag = match[1]!.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) return `<${tag}>`;
    for (const attribute of (match[2] ?? '').replace(/\/\s*$/, '').matchAll(ATTRIBUTE)) {
      const name = attribute[1]!.toLowerCase();
      if (!ALLOWED_ATTRIBUTES.has(name)) return `${name}=`;
      if (/javascript:|expression\s*\(|url\s*\(/i.test(attribute[0])) return attribute[0];
    }
  }
  return null;
}

const BAD_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFD]/;

type Collector = (line: number, column: number | null, code: RevisionTableProblemCode, reason: string, params?: Record<string, string | number>) => void;

function cellText(row: SourceRow): string {
  return row.cells.join('\t');
}

function isTextRow(row: SourceRow): boolean {
  return row.cells.length <= 1;
}

function isHeader(row: SourceRow): boolean {
  return (row.cells[0] ?? '').normalize('NFKC').trim() === 'No.';
}

function checkHeader(row: SourceRow, problem: Collector): void {
  const cells = row.cells.map((cell) => cell.normalize('NFKC').trim());
  if (cells.join('\t') === HEADER.join('\t')) return;
  const column = HEADER.findIndex((name, i) => cells[i] !== name);
  problem(row.line, column < 0 ? HEADER.length + 1 : column + 1, 'header', `unknown header columns: expected ${HEADER.join(', ')}`, {
    expected: HEADER.join('、'),
  });
}

function parseNumber(cell: string, line: number, problem: Collector): number | null {
  const text = cell.normalize('NFKC').trim();
  if (/^\d+$/.test(text)) return Number(text);
  problem(line, 1, 'numberNotInteger', `No. is not an integer: "${cell}"`, { value: cell });
  return null;
}

/** Takes the first number, so typos like `p24.` still give page 24. */
function parsePage(cell: string, line: number, problem: Collector): number {
  const digits = /\d+/.exec(cell.normalize('NFKC'));
  const page = digits ? Number(digits[0]) : 0;
  if (page < 1) problem(line, 2, 'pageMissing', `page (ページ) has no number: "${cell}"`, { value: cell });
  return page;
}

function parseRow(row: SourceRow, problem: Collector): (ParsedItem & { numberOk: boolean }) | null {
  const { cells, line } = row;
  const [numberCell, pageCell, headingCell, beforeCell, afterCell] = cells;
  if (cells.length !== 5 || afterCell === undefined) {
    problem(line, null, 'columns', `expected 5 tab-separated columns, found ${cells.length}`, { found: cells.length });
    return null;
  }
  let ok = true;
  const faulty = new Set<number | null>();
  const report: Collector = (...args) => {
    ok = false;
    faulty.add(args[1]);
    problem(...args);
  };
  cells.forEach((cell, i) => {
    if (BAD_CHARACTERS.test(cell)) report(line, i + 1, 'characters', 'control or direction characters');
    const markup = markupProblem(cell);
    if (markup) report(line, i + 1, 'markup', `markup that is not allowed: ${markup}`, { markup });
  });
  const number = parseNumber(numberCell ?? '', line, report);
  const page = parsePage(pageCell ?? '', line, report);
  const heading = canonicalHeading(cleanText(headingCell ?? ''));
  if (!heading) report(line, 3, 'headingEmpty', 'heading (項目) is empty');
  const before = cellBlocks(beforeCell ?? '');
  const after = cellBlocks(afterCell);
  if (after.length === 0 && !faulty.has(5)) report(line, 5, 'afterEmpty', 'after cell (改訂後) is empty');
  if (!ok && number === null) return null;
  const [beforeText, afterText] = [blocksToText(before), blocksToText(after)];
  const item = { number: number ?? 0, page, heading, headingKind: headingKind(heading), before, after, beforeText, afterText };
  return { ...item, numberOk: number !== null && ok };
}

/** Reads the `**title**` (maybe wrapped over rows, the rest a subtitle); returns the title and the next index. */
function readTitle(rows: SourceRow[], problem: Collector): { title: string; next: number } | null {
  const start = rows.findIndex((row) => cellText(row).trim() !== '');
  const first = rows[start];
  const text = first ? cellText(first).trim() : '';
  const title = text.replace(/^\*+|\*+$/g, '').trim();
  if (!first || !title || !isTextRow(first) || SKIPPED_LINES.has(text) || isHeader(first)) {
    problem(first?.line ?? 1, null, 'noTitle', 'no title before the revision table');
    return null;
  }
  const closed = !text.startsWith('**') || (text.length > 2 && text.endsWith('**'));
  const end = closed ? start : rows.findIndex((row, i) => i > start && cellText(row).trim().endsWith('**'));
  if (end < 0) {
    problem(first.line, null, 'titleUnclosed', 'title is missing its closing **');
    return null;
  }
  return { title, next: end + 1 };
}

/** An overview line: `- ✓` and `・` bullets become list items, other lines paragraphs. */
function appendOverviewLine(overview: TextBlock[], text: string): void {
  const bullet = /^(?:[-*•・]\s*)?(?:[✓✔]\s*)?/.exec(text)?.[0] ?? '';
  const content = cleanText(text.slice(bullet.length));
  if (!content) return;
  // The seed marks each paragraph "- ✓"; a check mark alone keeps it a paragraph.
  if (/^[•・]/.test(bullet) || (bullet.startsWith('-') && !/[✓✔]/.test(bullet)) || bullet.startsWith('*')) appendItem(overview, content);
  else overview.push({ kind: 'paragraph', text: content });
}

/** Parses the seed's tab-separated text (as `npm run import` reads it). */
export function parseRevisionTable(source: string): ParsedRevisionTable {
  const rows = source
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((text, i) => ({ line: i + 1, cells: text.split('\t') }));
  return parseRevisionRows(rows);
}

/**
 * Parses rows of a revision table (from text, CSV or a spreadsheet), finding every problem
 * before giving up: throws one RevisionTableError listing them all, so nothing is stored.
 */
export function parseRevisionRows(rows: SourceRow[]): ParsedRevisionTable {
  const problems: RevisionTableProblem[] = [];
  const problem: Collector = (line, column, code, reason, params = {}) => problems.push({ line, column, code, reason, params });
  const titled = readTitle(rows, problem);
  const overview: TextBlock[] = [];
  const items: ParsedItem[] = [];
  const seen = new Set<number>();
  let expected = 1;
  let inTable = false; // after 改訂箇所, stray text is a broken row rather than more overview
  let sawHeader = false;
  let rowCount = 0;
  for (const row of rows.slice(titled?.next ?? rows.length)) {
    const text = cellText(row).trim();
    if (text === '' || SKIPPED_LINES.has(text)) {
      inTable ||= text === '改訂箇所';
    } else if (isHeader(row)) {
      checkHeader(row, problem);
      inTable = sawHeader = true;
    } else if (!inTable && isTextRow(row)) {
      const markup = markupProblem(text);
      if (markup) problem(row.line, 1, 'markup', `markup that is not allowed: ${markup}`, { markup });
      else if (BAD_CHARACTERS.test(text)) problem(row.line, 1, 'characters', 'control or direction characters');
      else appendOverviewLine(overview, text);
    } else if (!sawHeader) {
      problem(row.line, null, 'rowBeforeHeader', 'table row before any header row');
    } else {
      rowCount += 1;
      const item = parseRow(row, problem);
      if (!item) {
        expected += 1;
        continue;
      }
      const { numberOk, ...content } = item;
      if (seen.has(content.number)) {
        problem(row.line, 1, 'numberDuplicate', `duplicate No. ${content.number}`, { number: content.number });
        expected += 1;
        continue;
      }
      seen.add(content.number);
      if (content.number !== expected) {
        problem(row.line, 1, 'numberSequence', `expected No. ${expected}, found ${content.number}`, { expected, found: content.number });
      }
      expected = content.number + 1;
      if (numberOk) items.push(content);
    }
  }
  if (titled && rowCount === 0) {
    const last = rows.findLast((row) => cellText(row).trim() !== '');
    problem(last?.line ?? 1, null, 'noItems', 'no revision items');
  }
  if (problems.length > 0) throw new RevisionTableError(problems);
  return { title: titled!.title, overview, items };
}
