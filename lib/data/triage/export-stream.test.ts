import { and, asc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog, opinions } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/access';
import { SOCKET_ADDRESS_HEADER } from '@/lib/security/ip-hash';
import { runWithRequestContext } from '@/lib/auth/request-context';
import { resetEnvForTests } from '@/lib/env';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createStaffWithSession } from '@/lib/testing/staff-with-session';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { parseInboxFilters } from '@/lib/validation/triage';
import { GET as getCsv } from '@/app/api/staff/consultations/[slug]/export.csv/route';
import { GET as getXlsx } from '@/app/api/staff/consultations/[slug]/export.xlsx/route';
import { exportCsv, exportOpinions, openOpinionExport, type ExportRow } from './export';
import { csvStream, streamToBuffer, xlsxStream } from './export-stream';
import { getConsultationForTriage, listInbox, type TriageConsultation } from './inbox';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
resetEnvForTests();

// Text that CSV and XLSX writers get wrong when they cut corners: Japanese (with a character
// outside the BMP), commas, quotes, CRLF and LF line breaks, a would-be formula, and texts
// longer than the shared-string bound of the XLSX writer.
const TEXTS = [
  '公園の遊具を増やしてほしい。',
  '𠮷田町の"トイレ",を清潔に\n保ってください。',
  '=HYPERLINK("https://evil.example")',
  '年少人口の目標値について、根拠を示してください。\r\n特に「合計特殊出生率」の見込みが、国の推計（2.07）と違う理由を、具体的な数字で説明してほしいです。',
  '全体として読みやすい。',
  'バスの便数を、減らさないで "ください"。\n通学に使っています。\n\n以上です、よろしくお願いします。長い文章になりましたが最後までお読みいただきありがとうございました。',
  '【広告】格安で買えます',
];

/** The cells of every sheet as text, header rows included (an empty cell reads as ''). */
async function xlsxValues(bytes: Buffer, width: number): Promise<{ names: string[]; rows: string[][][]; frozen: boolean[]; bold: boolean[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return {
    names: workbook.worksheets.map((s) => s.name),
    rows: workbook.worksheets.map((sheet) => {
      const rows: string[][] = [];
      sheet.eachRow((row) => rows.push(Array.from({ length: width }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
      return rows;
    }),
    frozen: workbook.worksheets.map((s) => s.views[0]?.state === 'frozen' && (s.views[0] as { ySplit?: number }).ySplit === 1),
    bold: workbook.worksheets.map((s) => s.getRow(1).font?.bold === true),
  };
}

/** The workbook as the exports wrote it before they streamed (exceljs in memory): the reference. */
async function inMemoryXlsx(header: string[], rows: ExportRow[], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.each(testDrivers())('streamed opinion exports on %s', (driver) => {
  let handle: DbHandle;
  let admin: StaffActor;
  let c: { id: number; slug: string; closesAt: Date };
  let view: TriageConsultation;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    admin = await createTestActor(handle.db, 'admin');
    c = await createTestConsultation(handle.db, { items: 3 });
    for (const [i, text] of TEXTS.entries()) {
      await insertTestSubmission(handle.db, c.id, {
        texts: [{ itemNumber: i % 4 === 3 ? null : 1 + (i % 3), text }],
        channel: (['web', 'post', 'fax'] as const)[i % 3],
        receivedAt: new Date(`2025-03-0${1 + i}T10:00:00+09:00`),
        name: `提出者${i},"様"`,
        email: i % 2 ? null : `p${i}@example.jp`,
      });
    }
    await handle.db
      .update(opinions)
      .set({ summary: '概要に,カンマと"引用"と\n改行', categoryCode: 'C', status: 'classified' })
      .where(and(eq(opinions.consultationId, c.id), eq(opinions.text, TEXTS[1]!)));
    await handle.db
      .update(opinions)
      .set({ spam: true, moderationReason: '広告' })
      .where(and(eq(opinions.consultationId, c.id), eq(opinions.text, TEXTS[6]!)));
    view = (await getConsultationForTriage(handle.db, admin, c.slug))!;
  });
  afterAll(async () => {
    await handle?.close();
  });

  const open = (params: Record<string, string>, batchRows: number, personal = true) =>
    openOpinionExport(handle.db, admin, view, parseInboxFilters(params), { includeAll: true, personal }, { batchRows });

  it('the streamed CSV is byte for byte the CSV of the whole table, in every sort, read two rows at a time', async () => {
    for (const sort of [undefined, 'received_asc', 'item', 'category', 'status']) {
      const params: Record<string, string> = sort ? { sort } : {};
      const whole = await exportOpinions(handle.db, admin, view, parseInboxFilters(params), { includeAll: true, personal: true });
      expect(whole.rows).toHaveLength(TEXTS.length);
      // In the inbox's order for that sort.
      expect(whole.rows.map((r) => r[0])).toEqual((await listInbox(handle.db, admin, view, parseInboxFilters(params))).rows.map((r) => r.id));
      const opened = await open(params, 2);
      expect(opened.rowCount).toBe(TEXTS.length);
      const streamed = await streamToBuffer(csvStream(opened.header, opened.batches()));
      expect(streamed.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(streamed.toString('utf8')).toBe(exportCsv(whole));
    }
    // Nothing matching: the header alone, in both.
    const none = await open({ q: '該当なしの語' }, 2);
    expect(none.rowCount).toBe(0);
    expect((await streamToBuffer(csvStream(none.header, none.batches()))).toString('utf8')).toBe(exportCsv({ header: none.header, rows: [] }));
    const emptyNone = await open({ q: '該当なしの語' }, 2);
    expect((await xlsxValues(await streamToBuffer(xlsxStream(emptyNone.header, emptyNone.batches(), '意見一覧')), none.header.length)).rows).toEqual([[none.header]]);
    // The text as typed, in the file, whatever it held.
    const csv = exportCsv(await exportOpinions(handle.db, admin, view, parseInboxFilters({}), { includeAll: true, personal: true }));
    expect(csv).toContain('"𠮷田町の""トイレ"",を清潔に\n保ってください。"');
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    expect(csv).toContain('"提出者1,""様"""');
  });

  it('the streamed XLSX holds the same cells as the table, under a bold frozen header; past a sheet\'s rows it goes on in a next sheet', async () => {
    const whole = await exportOpinions(handle.db, admin, view, parseInboxFilters({ sort: 'item' }), { includeAll: true, personal: true });
    const width = whole.header.length;
    const reference = await xlsxValues(await inMemoryXlsx(whole.header, whole.rows, '意見一覧'), width);
    const expected = reference.rows[0]!;
    expect(expected).toHaveLength(TEXTS.length + 1);

    const opened = await open({ sort: 'item' }, 2);
    const one = await xlsxValues(await streamToBuffer(xlsxStream(opened.header, opened.batches(), '意見一覧')), width);
    expect(one).toEqual({ names: ['意見一覧'], rows: [expected], frozen: [true], bold: [true] });

    const again = await open({ sort: 'item' }, 2);
    const split = await xlsxValues(await streamToBuffer(xlsxStream(again.header, again.batches(), '意見一覧', { sheetRows: 3 })), width);
    expect(split.names).toEqual(['意見一覧', '意見一覧 (2)', '意見一覧 (3)']);
    expect(split.rows).toEqual([
      [whole.header, ...expected.slice(1, 4)],
      [whole.header, ...expected.slice(4, 7)],
      [whole.header, ...expected.slice(7)],
    ]);
    expect(split.frozen).toEqual([true, true, true]);
    expect(split.bold).toEqual([true, true, true]);
  });

  it('through the route handlers: signed-in staff get the files with their headers and filters; one audit row per export, with the count', async () => {
    const { userId, sessionToken } = await createStaffWithSession(handle.db, { email: `stream-admin-${driver}@example.jp`, role: 'admin' });
    const call = (route: typeof getCsv, path: string, token: string | null) =>
      runWithRequestContext({ db: handle.db, sessionToken: token, headers: new Headers({ [SOCKET_ADDRESS_HEADER]: '192.0.2.11' }) }, () =>
        route(new Request(`http://localhost/api/staff/consultations/${c.slug}/${path}`), { params: Promise.resolve({ slug: c.slug }) }),
      );
    expect((await call(getCsv, 'export.csv', null)).status).toBe(401);

    const csv = await call(getCsv, 'export.csv?personal=1&q=%E5%85%AC%E5%9C%92', sessionToken);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('cache-control')).toBe('private, no-store');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${c.slug}-\\d{4}-\\d{2}-\\d{2}-personal\\.csv"$`));
    expect(csv.headers.get('x-personal-data')).toBe('included');
    const filtered = await exportOpinions(handle.db, admin, view, parseInboxFilters({ q: '公園' }), { includeAll: false, personal: true });
    expect(filtered.rows).toHaveLength(1);
    expect(await csv.text()).toBe(exportCsv(filtered).replace(/^\uFEFF/, ''));

    const xlsx = await call(getXlsx, 'export.xlsx', sessionToken);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('x-personal-data')).toBe('excluded');
    const plain = await exportOpinions(handle.db, admin, view, parseInboxFilters({}), { includeAll: false, personal: false });
    const read = await xlsxValues(Buffer.from(await xlsx.arrayBuffer()), plain.header.length);
    expect(read).toEqual(await xlsxValues(await inMemoryXlsx(plain.header, plain.rows, '意見一覧'), plain.header.length));

    const audits = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'consultation'), eq(auditLog.targetId, String(c.id)), eq(auditLog.actorId, userId)))
      .orderBy(asc(auditLog.id));
    expect(audits.map((a) => [a.action, (a.after as { rows: number }).rows])).toEqual([
      ['personal_data.exported', 1],
      ['opinions.exported', TEXTS.length - 1],
    ]);
    // With the caller's IP hash, like every other row a staff request writes.
    expect(audits.map((a) => a.ipHash)).toEqual([expect.stringMatching(/^[\w-]{32}$/), expect.stringMatching(/^[\w-]{32}$/)]);
  });

  it('a database error part-way errors the stream: no file that ends early looking complete', async () => {
    // After the first batch has gone out, the table changes under the export (as a migration
    // would): the next batch's query fails in the database.
    const breakAfterFirst = async function* (batches: AsyncGenerator<ExportRow[]>) {
      let first = true;
      for await (const batch of batches) {
        yield batch;
        if (first) {
          first = false;
          await handle.db.execute(sql`alter table submissions rename column submitter_address to submitter_address_moved`);
        }
      }
    };
    try {
      const forCsv = await open({}, 2);
      const reader = csvStream(forCsv.header, breakAfterFirst(forCsv.batches())).getReader();
      const received: string[] = [];
      const decoder = new TextDecoder();
      const readAll = async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received.push(decoder.decode(value));
        }
      };
      await expect(readAll()).rejects.toThrow(/submitter_address/);
      // The header and the first two rows went out before it failed; nothing after.
      expect(received).toHaveLength(2);
    } finally {
      await handle.db.execute(sql`alter table submissions rename column submitter_address_moved to submitter_address`);
    }
    try {
      const forXlsx = await open({}, 2);
      await expect(streamToBuffer(xlsxStream(forXlsx.header, breakAfterFirst(forXlsx.batches()), '意見一覧'))).rejects.toThrow(/submitter_address/);
    } finally {
      await handle.db.execute(sql`alter table submissions rename column submitter_address_moved to submitter_address`);
    }
  });
});
