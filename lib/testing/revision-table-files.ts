import ExcelJS from 'exceljs';
import { toCsv } from '@/lib/text/csv';

/** The seed's tab-separated text as rows of cells: one row a line, split at tabs. */
export function tsvRows(source: string): string[][] {
  return source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((line) => line.split('\t'));
}

/** A CSV of the same rows, as Excel would save it (UTF-8 with BOM, CRLF). */
export function csvFromTsv(source: string): Buffer {
  return Buffer.from(toCsv(tsvRows(source)), 'utf8');
}

/** An XLSX workbook whose first sheet holds the same rows, one cell a column. */
export async function xlsxFromTsv(source: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('改訂箇所');
  for (const row of tsvRows(source)) sheet.addRow(row.map((cell) => (/^\d+$/.test(cell) ? Number(cell) : cell)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The smallest well-formed PDF: enough for the content check. */
export function tinyPdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
}

/** A Windows executable's first bytes (MZ …): what a "PDF" that is really a program starts with. */
export function fakeExecutable(): Buffer {
  const bytes = Buffer.alloc(4096, 0);
  bytes.write('MZ', 0, 'latin1');
  bytes.write('This program cannot be run in DOS mode.', 78, 'latin1');
  return bytes;
}
