import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { opinions, submissions } from '@/db/schema';
import { roleHasPermission } from '@/lib/auth/permissions';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { translateTriage, translateTriageExport } from '@/lib/i18n/triage';
import { toCsv } from '@/lib/text/csv';
import type { InboxFilters } from '@/lib/validation/triage';
import { opinionFilterWhere, opinionListColumns, opinionOrder } from './inbox';
import { caseScope } from '../departments/scope';

export type ExportOptions = {
  /** Include spam and hidden opinions (excluded by default). */
  includeAll: boolean;
  /** Include the submitter's name, address, 区分 and e-mail: only honoured with personal-data.read. */
  personal: boolean;
};

export type ExportTable = { header: string[]; rows: (string | number)[][] };

/** At most this many rows per export; more is a sign the filters were forgotten. */
export const EXPORT_MAX_ROWS = 200_000;

/**
 * The opinions matching the inbox filters, as a table for internal use. Personal columns are
 * added only when asked for and the actor may read personal data; asking without the
 * permission quietly gives the table without them (the route reports which it was).
 */
export async function exportOpinions(
  db: Db,
  actor: StaffActor,
  consultation: { id: number; closesAt: Date; items: { number: number; heading: string }[]; categories: { code: string; label: string }[] },
  filters: InboxFilters,
  options: ExportOptions,
): Promise<ExportTable & { personalIncluded: boolean }> {
  assertPermission(actor, 'submission.read');
  const personal = options.personal && roleHasPermission(actor.role, 'personal-data.read');
  const where = and(
    opinionFilterWhere(consultation.id, filters),
    caseScope(actor, opinions.consultationId),
    options.includeAll ? undefined : sql`not ${opinions.spam} and not ${opinions.hidden}`,
  );
  const rows = await db
    .select({
      id: opinions.id,
      ...opinionListColumns,
      submitterName: submissions.submitterName,
      submitterAddress: submissions.submitterAddress,
      submitterCategory: submissions.submitterCategory,
      submitterEmail: submissions.submitterEmail,
    })
    .from(opinions)
    .innerJoin(submissions, eq(submissions.id, opinions.submissionId))
    .where(where)
    .orderBy(...opinionOrder(filters.sort))
    .limit(EXPORT_MAX_ROWS);
  // Every export leaves the system with residents' text, and with personal columns their names:
  // recorded with what was asked for and how many rows left.
  await recordAudit(db, {
    actorId: actor.id,
    action: personal ? 'personal_data.exported' : 'opinions.exported',
    targetType: 'consultation',
    targetId: consultation.id,
    after: { rows: rows.length, personal, includeAll: options.includeAll, filters },
  });

    const header = (['id', 'receiptNumber', 'channel', 'receivedAt', 'late', 'item', 'text', 'summary', 'category', 'status', 'department', 'flags', 'reason'] as const).map((k) => translateTriageExport(k));
  if (personal) header.push(...(['name', 'address', 'submitterCategory', 'email'] as const).map((k) => translateTriageExport(k)));
  const categoryLabel = new Map(consultation.categories.map((c) => [c.code, `${c.code} ${c.label}`]));
  const itemLabel = new Map(consultation.items.map((i) => [i.number, `No.${i.number} ${i.heading}`]));
  return {
    personalIncluded: personal,
    header,
    rows: rows.map((r) => {
      const flags = (['spam', 'outOfScope', 'thirdPartyPersonalData', 'hidden'] as const).filter((f) => r[f]).map((f) => translateTriage(`flags.${f}`));
      const row: (string | number)[] = [
        r.id,
        r.receiptNumber,
        translateTriage(`channels.${r.channel}`),
        formatJapaneseDateTime(r.receivedAt),
        r.receivedAt >= consultation.closesAt ? translateTriageExport('yes') : '',
        r.itemNumber === null ? translateTriage('whole') : (itemLabel.get(r.itemNumber) ?? `No.${r.itemNumber}`),
        r.text,
        r.summary,
        r.categoryCode ? (categoryLabel.get(r.categoryCode) ?? r.categoryCode) : '',
        translateTriage(`statuses.${r.status}`),
        r.department ?? '',
        flags.join('・'),
        r.moderationReason ?? '',
      ];
      if (personal) row.push(r.submitterName, r.submitterAddress, r.submitterCategory ?? '', r.submitterEmail ?? '');
      return row;
    }),
  };
}

/**
 * UTF-8 with a BOM, so Excel opens it as Unicode. The cells hold what residents typed, opened by
 * staff in a spreadsheet: text that would run as a formula is kept as text.
 */
export function exportCsv(table: ExportTable): string {
  return toCsv([table.header, ...table.rows], { guardFormulas: true });
}

export async function exportXlsx(table: ExportTable, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
