import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { opinions, submissions } from '@/db/schema';
import { roleHasPermission } from '@/lib/auth/permissions';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { itemLabel, WHOLE_CASE } from '@/lib/format/item-label';
import { translateTriage, translateTriageExport } from '@/lib/i18n/triage';
import { toCsv } from '@/lib/text/csv';
import type { InboxFilters } from '@/lib/validation/triage';
import { opinionFilterWhere, opinionListColumns, opinionOrder } from './inbox';
import { caseScope } from '../departments/scope';
import { streamToBuffer, xlsxStream } from './export-stream';

export type ExportOptions = {
  /** Include spam and hidden opinions (excluded by default). */
  includeAll: boolean;
  /** Include the submitter's name, address, 区分 and e-mail: only honoured with personal-data.read. */
  personal: boolean;
};

type TriageLabelKey = Parameters<typeof translateTriage>[0];

export type ExportRow = (string | number)[];
export type ExportTable = { header: string[]; rows: ExportRow[] };

/**
 * An export under way: its header, how many opinions it holds, and its rows a batch at a time
 * (the whole table is never in memory: a case may hold a million opinions).
 */
export type OpinionExport = {
  personalIncluded: boolean;
  header: string[];
  /** The opinions that matched when the export began; the rows are those, in that order. */
  rowCount: number;
  batches: () => AsyncGenerator<ExportRow[], void, undefined>;
};

/** Rows read from the database at a time while an export streams (small: each batch's objects live across a query, and a large batch's get promoted to the old heap, which is what grows the RSS). */
export const EXPORT_BATCH_ROWS = 250;

/**
 * The opinions matching the inbox filters, for internal use. Personal columns are added only
 * when asked for and the actor may read personal data; asking without the permission quietly
 * gives the table without them (the route reports which it was).
 *
 * The ids of the matching opinions are fixed first, in the inbox's order (one sorted read of
 * ids only, any sort), then their rows are read by id in batches: the same rows in the same
 * order whatever the sort, a count the audit can state before anything leaves, and opinions
 * that arrive during a long export stay out of it. An opinion deleted meanwhile is skipped.
 */
export async function openOpinionExport(
  db: Db,
  actor: StaffActor,
  consultation: { id: number; closesAt: Date; items: { number: number; heading: string }[]; categories: { code: string; label: string }[] },
  filters: InboxFilters,
  options: ExportOptions,
  { batchRows = EXPORT_BATCH_ROWS, ipHash = null }: { batchRows?: number; ipHash?: string | null } = {},
): Promise<OpinionExport> {
  assertPermission(actor, 'submission.read');
  const personal = options.personal && roleHasPermission(actor.role, 'personal-data.read');
  const where = and(
    opinionFilterWhere(consultation.id, filters),
    caseScope(actor, opinions.consultationId),
    options.includeAll ? undefined : sql`not ${opinions.spam} and not ${opinions.hidden}`,
  );
  // One text value rather than a row per id: a million ids are 8 MB, not a million objects.
  const [snapshot] = await queryRows<{ ids: string | null }>(
    db,
    sql`select string_agg(${opinions.id}::text, ',' order by ${sql.join(opinionOrder(filters.sort), sql`, `)}) as ids from ${opinions} where ${where}`,
  );
  const ids = parseIdList(snapshot?.ids ?? null);
  // Every export leaves the system with residents' text, and with personal columns their names:
  // recorded with what was asked for and how many rows left, before the first row does.
  await recordAudit(db, {
    actorId: actor.id,
    action: personal ? 'personal_data.exported' : 'opinions.exported',
    targetType: 'consultation',
    targetId: consultation.id,
    after: { rows: ids.length, personal, includeAll: options.includeAll, filters },
    ipHash,
  });

  const header = (['id', 'receiptNumber', 'channel', 'receivedAt', 'late', 'item', 'text', 'summary', 'category', 'status', 'department', 'flags', 'reason'] as const).map((k) => translateTriageExport(k));
  if (personal) header.push(...(['name', 'address', 'submitterCategory', 'email'] as const).map((k) => translateTriageExport(k)));
  const categoryLabel = new Map(consultation.categories.map((c) => [c.code, `${c.code} ${c.label}`]));
  const itemLabels = new Map(consultation.items.map((i) => [i.number, itemLabel(i.number, i.heading)]));
  const readBatch = (batch: Float64Array) =>
    db
      .select({
        id: opinions.id,
        consultationId: opinions.consultationId,
        ...opinionListColumns,
        submitterName: submissions.submitterName,
        submitterAddress: submissions.submitterAddress,
        submitterCategory: submissions.submitterCategory,
        submitterEmail: submissions.submitterEmail,
      })
      .from(opinions)
      .innerJoin(submissions, eq(submissions.id, opinions.submissionId))
      .where(sql`${opinions.id} = any(${`{${batch.join(',')}}`}::bigint[])`);
  // The same few labels on every row: translated once each, not per row (a translator call costs microseconds, a million rows make it seconds).
  const labels = new Map<string, string>();
  const label = (key: TriageLabelKey) => {
    let text = labels.get(key);
    if (text === undefined) labels.set(key, (text = translateTriage(key)));
    return text;
  };
  const late = translateTriageExport('yes');
  const toRow = (r: Awaited<ReturnType<typeof readBatch>>[number]): ExportRow => {
    const flags = (['spam', 'outOfScope', 'thirdPartyPersonalData', 'hidden'] as const).filter((f) => r[f]).map((f) => label(`flags.${f}`));
    const row: ExportRow = [
      r.id,
      r.receiptNumber,
      label(`channels.${r.channel}`),
      formatJapaneseDateTime(r.receivedAt),
      r.receivedAt >= consultation.closesAt ? late : '',
      r.itemNumber === null ? WHOLE_CASE : (itemLabels.get(r.itemNumber) ?? itemLabel(r.itemNumber, null)),
      r.text,
      r.summary,
      r.categoryCode ? (categoryLabel.get(r.categoryCode) ?? r.categoryCode) : '',
      label(`statuses.${r.status}`),
      r.department ?? '',
      flags.join('・'),
      r.moderationReason ?? '',
    ];
    if (personal) row.push(r.submitterName, r.submitterAddress, r.submitterCategory ?? '', r.submitterEmail ?? '');
    return row;
  };

  return {
    personalIncluded: personal,
    header,
    rowCount: ids.length,
    batches: async function* () {
      for (let start = 0; start < ids.length; start += batchRows) {
        const batch = ids.subarray(start, start + batchRows);
        const byId = new Map((await readBatch(batch)).map((r) => [r.id, r]));
        const rows: ExportRow[] = [];
        for (const id of batch) {
          const r = byId.get(id);
          // By id alone in SQL (a condition on the case there made PostgreSQL scan the case's
          // whole index for every batch); the case is checked here.
          if (r && r.consultationId === consultation.id) rows.push(toRow(r));
        }
        yield rows;
      }
    },
  };
}

/** `1,22,333` as numbers, without a string per id. */
function parseIdList(list: string | null): Float64Array {
  if (!list) return new Float64Array(0);
  let count = 1;
  for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) count++;
  const ids = new Float64Array(count);
  let n = 0;
  let value = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      ids[n++] = value;
      value = 0;
    } else {
      value = value * 10 + (c - 48);
    }
  }
  ids[n] = value;
  return ids;
}

/** The whole export as one table: for small exports and for comparing with the streamed files. */
export async function exportOpinions(...args: Parameters<typeof openOpinionExport>): Promise<ExportTable & { personalIncluded: boolean }> {
  const opened = await openOpinionExport(...args);
  const rows: ExportRow[] = [];
  for await (const batch of opened.batches()) rows.push(...batch);
  return { personalIncluded: opened.personalIncluded, header: opened.header, rows };
}

/**
 * UTF-8 with a BOM, so Excel opens it as Unicode. The cells hold what residents typed, opened by
 * staff in a spreadsheet: text that would run as a formula is kept as text.
 */
export function exportCsv(table: ExportTable): string {
  return toCsv([table.header, ...table.rows], { guardFormulas: true });
}

/** The whole table as an XLSX workbook, written by the same streaming writer as the exports. */
export async function exportXlsx(table: ExportTable, sheetName: string): Promise<Buffer> {
  return streamToBuffer(xlsxStream(table.header, [table.rows], sheetName));
}
