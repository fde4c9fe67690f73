import 'server-only';
import { once, type EventEmitter } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { toCsv } from '@/lib/text/csv';
import type { ExportRow } from './export';

/** Rows an Excel sheet holds below its header (1,048,576 rows in all). */
export const XLSX_SHEET_MAX_ROWS = 1_048_575;

/**
 * The export as CSV bytes, a batch at a time: UTF-8 with a BOM, so Excel opens it as Unicode;
 * text a spreadsheet would run as a formula is kept as text. The same bytes as `toCsv` of the
 * whole table. A failing batch errors the stream, so the download fails rather than ending
 * early looking complete.
 */
export function csvStream(header: string[], batches: AsyncIterable<ExportRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(toCsv([header], { guardFormulas: true })));
    },
    async pull(controller) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return controller.close();
        // An empty batch (its opinions deleted meanwhile) adds nothing, not an empty line.
        if (next.value.length > 0) return controller.enqueue(encoder.encode(toCsv(next.value, { bom: false, guardFormulas: true })));
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** Sheet names: the given one, then 「名前 (2)」… when the rows fill a sheet (Excel allows 31 characters). */
function sheetTitle(name: string, index: number): string {
  const suffix = index === 1 ? '' : ` (${index})`;
  return name.slice(0, 31 - suffix.length) + suffix;
}

/**
 * exceljs's table of shared strings, bounded: short strings (labels, categories, statuses, the
 * empty string) are shared as the in-memory writer shares them, so they read back the same and
 * the file stays small; the long, mostly unique texts and anything past the bound are written
 * in their cells. The streaming writer's own table keeps every distinct string until the end,
 * which for a million residents' texts is the whole file in memory.
 */
class BoundedSharedStrings {
  private readonly index = new Map<string, number>();
  private readonly strings: string[] = [];
  private refs = 0;
  constructor(private readonly maxLength = 40, private readonly maxStrings = 20_000) {}
  get count() {
    return this.strings.length;
  }
  get values() {
    return this.strings;
  }
  get totalRefs() {
    return this.refs;
  }
  getString(index: number) {
    return this.strings[index];
  }
  /** The string's index in the table, or undefined: then exceljs writes it in the cell. */
  add(value: string): number | undefined {
    let index = this.index.get(value);
    if (index === undefined) {
      if (value.length > this.maxLength || this.strings.length >= this.maxStrings) return undefined;
      index = this.strings.length;
      this.index.set(value, index);
      this.strings.push(value);
    }
    this.refs++;
    return index;
  }
}

/** A cell style that sets nothing (exceljs gives every cell a style object, mostly empty). */
function isPlainStyle(model: unknown): boolean {
  if (!model || typeof model !== 'object') return true;
  for (const value of Object.values(model)) if (value !== undefined) return false;
  return true;
}

/**
 * The export as an XLSX workbook written while it is read (exceljs's streaming writer): a bold,
 * frozen header row, then the rows; past Excel's 1,048,576 rows a sheet, the rows go on in a
 * next sheet with the header again. Batches are read only as fast as the reader takes the
 * bytes, so a slow download does not gather the file in memory. A failing batch errors the
 * stream (the zip is never finished, so no truncated file looks complete).
 */
export function xlsxStream(header: string[], batches: AsyncIterable<ExportRow[]> | Iterable<ExportRow[]>, sheetName: string, { sheetRows = XLSX_SHEET_MAX_ROWS } = {}): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const stopped = new AbortController();
  out.on('close', () => stopped.abort());

  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 6 } } });
    // exceljs reads the table from this property when rows are written and at commit.
    (workbook as unknown as { sharedStrings: BoundedSharedStrings }).sharedStrings = new BoundedSharedStrings();
    // A cell without a style of its own takes the default style (0). exceljs would otherwise work
    // it out for every cell (its XML rendered to look it up, and a WeakMap entry per cell): the
    // most of the writer's time and memory over a million rows. Styled cells (the bold header)
    // and dates still go through exceljs.
    const styles = (workbook as unknown as { styles: { addStyleModel: (model: unknown, cellType: unknown) => number } }).styles;
    const addStyleModel = styles.addStyleModel.bind(styles);
    styles.addStyleModel = (model, cellType) => (isPlainStyle(model) && cellType !== ExcelJS.ValueType.Date ? 0 : addStyleModel(model, cellType));
    // The zip writer's own errors end the download too (unheard, they would end the process).
    (workbook as unknown as { zip: EventEmitter }).zip.on('error', (error: Error) => out.destroy(error));
    let sheet: ExcelJS.Worksheet | undefined;
    let sheets = 0;
    let rowsInSheet = 0;
    const nextSheet = () => {
      // A sheet's XML is one zip entry: it is finished before the next one starts.
      sheet?.commit();
      sheet = workbook.addWorksheet(sheetTitle(sheetName, ++sheets), { views: [{ state: 'frozen', ySplit: 1 }] });
      const headerRow = sheet.addRow(header);
      headerRow.font = { bold: true };
      headerRow.commit();
      rowsInSheet = 0;
    };
    nextSheet();
    for await (const rows of batches) {
      // The reader went away (download cancelled): read no further.
      stopped.signal.throwIfAborted();
      for (const row of rows) {
        if (rowsInSheet === sheetRows) nextSheet();
        sheet!.addRow(row).commit();
        rowsInSheet++;
      }
      if (out.writableNeedDrain) await once(out, 'drain', { signal: stopped.signal });
    }
    await workbook.commit();
  };
  write().catch((error: unknown) => {
    if (!stopped.signal.aborted) out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/** A stream's bytes as one buffer: for the whole-table helpers and tests. */
export async function streamToBuffer(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}
