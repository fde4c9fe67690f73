import 'server-only';
import ExcelJS from 'exceljs';
import type { SourceRow } from '@/db/seed/parse-revision-table';
import { parseCsv } from '@/lib/text/csv';

/** A revision table file larger than this is refused before it is read (the seed's table is 60 KB). */
export const TABLE_FILE_MAX_BYTES = 1024 * 1024;

export type TableFormat = 'tsv' | 'csv' | 'xlsx';
export type TableFileResult =
  | { ok: true; format: TableFormat; rows: SourceRow[] }
  | { ok: false; error: 'empty' | 'tooLarge' | 'encoding' | 'unreadable' };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

/** UTF-8 (with or without BOM), else Shift_JIS as Excel saves a Japanese CSV; anything else is refused. */
function decodeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    try {
      return new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}

/**
 * Reads an uploaded revision table into rows for parseRevisionRows. The format is found from
 * the content, not the name: a ZIP container is an XLSX workbook (first sheet), text with a tab
 * in its header row is the seed's tab-separated format, other text is CSV. Rows keep the
 * numbers the author sees (line of the text, record of the CSV, row of the sheet).
 */
export async function readTableFile(bytes: Uint8Array): Promise<TableFileResult> {
  if (bytes.byteLength === 0) return { ok: false, error: 'empty' };
  if (bytes.byteLength > TABLE_FILE_MAX_BYTES) return { ok: false, error: 'tooLarge' };
  if (startsWith(bytes, ZIP_MAGIC)) return readWorkbook(bytes);
  const text = decodeText(bytes);
  if (text === null || text.includes('\u0000')) return { ok: false, error: 'encoding' };
  const lines = text.split(/\r\n|\r|\n/);
  const header = lines.find((line) => /^\s*No[.．]/i.test(line.normalize('NFKC')));
  if (header === undefined || header.includes('\t')) {
    return { ok: true, format: 'tsv', rows: lines.map((line, i) => ({ line: i + 1, cells: line.split('\t') })) };
  }
  return { ok: true, format: 'csv', rows: parseCsv(text).map((cells, i) => ({ line: i + 1, cells: trimCells(cells) })) };
}

/** Spreadsheets and CSV exports pad rows with empty cells: drop those after the last filled one. */
function trimCells(cells: string[]): string[] {
  let end = cells.length;
  while (end > 1 && cells[end - 1]!.trim() === '') end -= 1;
  // A table row keeps its five columns even when the last ones are empty (an empty 改訂後 is reported there).
  return cells.slice(0, Math.max(end, cells.length >= 5 && end > 1 ? 5 : end));
}

async function readWorkbook(bytes: Uint8Array): Promise<TableFileResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, error: 'unreadable' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, error: 'unreadable' };
  const rows: SourceRow[] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 1); c += 1) cells.push(cellText(row.getCell(c)));
    rows.push({ line: r, cells: trimCells(cells) });
  }
  return { ok: true, format: 'xlsx', rows };
}

/** The text a reader sees in the cell; a formula counts by its cached result, never by running it. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'formula' in value) return value.result === undefined || value.result === null ? '' : String(value.result);
  return cell.text ?? '';
}
