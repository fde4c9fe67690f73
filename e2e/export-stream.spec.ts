import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import type postgres from 'postgres';
import { parseCsv } from '../lib/text/csv';
import { createCase } from './support/cases';
import { connectE2eDatabase, createSession, createStaff, signInWithCookie } from './support/staff-sessions';

// PostgreSQL project only (not tagged @both): staff specs need the e2e database.
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

const ROWS = 3_000;

/** A case of its own with `ROWS` opinions (one per submission), texts with commas, quotes and Japanese. */
async function caseWithOpinions(prefix: string): Promise<{ id: number; slug: string }> {
  const c = await createCase(sql, { prefix });
  await sql`
    with s as (
      insert into submissions (consultation_id, receipt_number, channel, received_at, submitter_name, submitter_address, submitter_category, submitter_email)
      select ${c.id}, ${`EXP-${c.slug}-`} || g, 'web', now() - interval '1 hour' - g * interval '1 second',
        '伊勢崎 ' || g, '伊勢崎市今泉町' || g || '番地', '市内在住', null
      from generate_series(1, ${ROWS}::int) g
      returning id, channel, received_at),
    so as (
      insert into submission_opinions (submission_id, item_number, position, text)
      select id, 1, 0, '意見' || id || '、"公園",の整備を望みます。' from s
      returning id, submission_id, item_number, text)
    insert into opinions (consultation_id, submission_id, source_id, start_offset, end_offset, text, item_number, channel, received_at)
    select ${c.id}, so.submission_id, so.id, 0, char_length(so.text), so.text, so.item_number, s.channel, s.received_at
    from so join s on s.id = so.submission_id`;
  return c;
}

test('staff download the inbox as CSV and XLSX in Chromium, streamed: every row, the BOM, the header; a failure part-way is a failed download', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const admin = await createStaff(sql, 'admin', 'export');
  await signInWithCookie(context, baseURL!, await createSession(sql, admin.id));
  const c = await caseWithOpinions('export');
  const texts = (await sql<{ text: string }[]>`select text from opinions where consultation_id = ${c.id} order by received_at desc, id desc`).map((r) => r.text);
  expect(texts).toHaveLength(ROWS);

  await page.goto(`/staff/consultations/${c.slug}`);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSVで書き出す' }).click()]);
  expect(await csvDownload.failure()).toBeNull();
  expect(csvDownload.suggestedFilename()).toMatch(new RegExp(`^${c.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = await readFile((await csvDownload.path())!, 'utf8');
  expect(csv.startsWith('\uFEFF意見ID,受付番号,')).toBe(true);
  const rows = parseCsv(csv);
  expect(rows).toHaveLength(ROWS + 1);
  // In the inbox's order (newest first), each text as stored.
  expect(rows.slice(1).map((r) => r[6])).toEqual(texts);

  await page.goto(`/staff/consultations/${c.slug}`);
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel（XLSX）で書き出す' }).click()]);
  expect(await xlsxDownload.failure()).toBeNull();
  const workbook = new ExcelJS.Workbook();
  const bytes = await readFile((await xlsxDownload.path())!);
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.rowCount).toBe(ROWS + 1);
  expect(sheet.getRow(1).font?.bold).toBe(true);
  expect(sheet.getRow(2).getCell(7).value).toBe(texts[0]);
  expect(sheet.getRow(ROWS + 1).getCell(7).value).toBe(texts.at(-1));

  // An opinion whose received time cannot be written (a date the app cannot format) sits last
  // in the oldest-first order: the file fails after almost every row has gone out, and the
  // browser says the download failed rather than keeping a file that looks complete.
  await sql`update opinions set received_at = 'infinity' where id = (select max(id) from opinions where consultation_id = ${c.id})`;
  for (const [format, path] of [['csv', 'export.csv'], ['xlsx', 'export.xlsx']] as const) {
    const [failed] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate((href) => {
        const link = document.createElement('a');
        link.href = href;
        document.body.append(link);
        link.click();
      }, `/api/staff/consultations/${c.slug}/${path}?sort=received_asc`),
    ]);
    expect(await failed.failure(), format).not.toBeNull();
  }
});
