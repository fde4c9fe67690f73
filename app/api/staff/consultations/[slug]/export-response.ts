import 'server-only';
import { requestDb } from '@/lib/auth/request-context';
import { requestIpHash, StaffAccessDenied, type StaffActor } from '@/lib/auth/require-staff';
import { translateTriageExport } from '@/lib/i18n/triage';
import { isoDateInJapan } from '@/lib/format/japanese-date';
import { parseInboxFilters } from '@/lib/validation/triage';
import { openOpinionExport, type ExportRow } from '@/lib/data/triage/export';
import { csvStream, xlsxStream } from '@/lib/data/triage/export-stream';
import { getConsultationForTriage } from '@/lib/data/triage/inbox';

const NO_STORE = { 'cache-control': 'private, no-store' };

/**
 * The export route handlers' shared body. Each handler calls requireStaff itself (so the
 * access walker sees it) and passes the actor, or the denial, here.
 */
export async function exportResponse(format: 'csv' | 'xlsx', slug: string, url: URL, authorise: () => Promise<StaffActor>): Promise<Response> {
  let actor: StaffActor;
  try {
    actor = await authorise();
  } catch (error) {
    if (error instanceof StaffAccessDenied) return new Response(null, { status: error.reason === 'anonymous' ? 401 : 403, headers: NO_STORE });
    throw error;
  }
  const db = await requestDb();
  const consultation = await getConsultationForTriage(db, actor, slug);
  if (!consultation) return new Response(null, { status: 404, headers: NO_STORE });
  const opened = await openOpinionExport(
    db,
    actor,
    consultation,
    parseInboxFilters(url.searchParams),
    { includeAll: url.searchParams.get('include') === 'all', personal: url.searchParams.get('personal') === '1' },
    { ipHash: await requestIpHash() },
  );
  const name = `${slug}-${isoDateInJapan(new Date())}${opened.personalIncluded ? '-personal' : ''}.${format}`;
  const headers = {
    ...NO_STORE,
    'content-disposition': `attachment; filename="${name}"`,
    'x-personal-data': opened.personalIncluded ? 'included' : 'excluded',
  };
  // The file is written while it is sent: a failure part-way errors the body, and the browser
  // reports a failed download instead of keeping a file that looks complete.
  const batches = loggedBatches(opened.batches(), { slug, format, rows: opened.rowCount });
  if (format === 'csv') return new Response(csvStream(opened.header, batches), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
  return new Response(xlsxStream(opened.header, batches, translateTriageExport('sheet')), {
    headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
}

/** The batches, with a failure logged with what was being exported (no row content) before it ends the stream. */
async function* loggedBatches(batches: AsyncGenerator<ExportRow[]>, context: { slug: string; format: string; rows: number }): AsyncGenerator<ExportRow[]> {
  let sent = 0;
  try {
    for await (const batch of batches) {
      yield batch;
      sent += batch.length;
    }
  } catch (error) {
    console.error('export failed part-way', { ...context, sent, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
