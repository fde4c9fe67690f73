import 'server-only';
import ExcelJS from 'exceljs';
import { toCsv } from '@/lib/text/csv';
import type { ResultSnapshot } from '@/db/schema/result-snapshot';
import { WHOLE_CASE } from '@/lib/format/item-label';

/** The open-data table, from the snapshot only: No. / 該当項目 / 意見の概要 / 市の考え方 / 区分. */
export const RESULT_TABLE_HEADER = ['No.', '該当項目No.', '該当項目', '意見の概要', '意見件数', '市の考え方', '区分', '区分名'] as const;


export function resultTableRows(snapshot: ResultSnapshot): (string | number)[][] {
  return snapshot.rows.map((r) => [
    r.no,
    r.itemNumber ?? '',
    r.itemNumber === null ? WHOLE_CASE : (r.heading ?? ''),
    r.summaries.join('\n'),
    r.opinionCount,
    r.response,
    r.categoryCode,
    r.categoryLabel,
  ]);
}

/** UTF-8 with a BOM, so Excel opens it as Unicode. */
export function resultCsv(snapshot: ResultSnapshot): string {
  return toCsv([[...RESULT_TABLE_HEADER], ...resultTableRows(snapshot)]);
}

/** Two sheets: the table, and the header with the counts. */
export async function resultXlsx(snapshot: ResultSnapshot): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const table = workbook.addWorksheet('意見と市の考え方');
  table.addRow([...RESULT_TABLE_HEADER]).font = { bold: true };
  for (const row of resultTableRows(snapshot)) table.addRow(row);
  table.views = [{ state: 'frozen', ySplit: 1 }];

  const summary = workbook.addWorksheet('概要と件数');
  const h = snapshot.header;
  summary.addRows([
    ['案件名', h.title],
    ['担当課', h.department],
    ['募集開始', h.opensAt],
    ['募集終了', h.closesAt],
    ['公表日', h.publishedAt],
    ['版', h.version],
    ['提出者数', snapshot.counts.submitters],
    ['意見件数', snapshot.counts.opinions],
    ...(snapshot.grouping ? [['同趣旨の意見のまとめ方', snapshot.grouping]] : []),
    [],
    ['提出方法', '提出者数', '意見件数'],
    ...snapshot.counts.byChannel.map((c) => [c.channel, c.submitters, c.opinions]),
    [],
    ['該当項目No.', '該当項目', '意見件数'],
    ...snapshot.counts.byItem.map((i) => [i.itemNumber ?? '', i.itemNumber === null ? WHOLE_CASE : (i.heading ?? ''), i.opinions]),
    [],
    ['区分', '区分名', '意見件数'],
    ...snapshot.counts.byCategory.map((c) => [c.code, c.label, c.opinions]),
    [],
    ['改訂箇所No.', '項目', '修正の有無', '修正後の文案', '備考'],
    ...snapshot.amendments.map((a) => [a.itemNumber, a.heading, a.changed ? '有' : '無', a.amendedText ?? '', a.note]),
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
