import 'server-only';
import { appDb } from '@/lib/auth/request-context';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/staff';
import { translateTriageExport } from '@/lib/i18n/triage';
import { isoDateInJapan } from '@/lib/format/japanese-date';
import { parseInboxFilters } from '@/lib/validation/triage';
import { exportCsv, exportOpinions, exportXlsx } from './export';
import { getConsultationForTriage } from './inbox';

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
  const db = await appDb();
  const consultation = await getConsultationForTriage(db, actor, slug);
  if (!consultation) return new Response(null, { status: 404, headers: NO_STORE });
  const table = await exportOpinions(db, actor, consultation, parseInboxFilters(url.searchParams), {
    includeAll: url.searchParams.get('include') === 'all',
    personal: url.searchParams.get('personal') === '1',
  });
  const name = `${slug}-${isoDateInJapan(new Date())}${table.personalIncluded ? '-personal' : ''}.${format}`;
  const headers = {
    ...NO_STORE,
    'content-disposition': `attachment; filename="${name}"`,
    'x-personal-data': table.personalIncluded ? 'included' : 'excluded',
  };
  if (format === 'csv') return new Response(exportCsv(table), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
  const body = await exportXlsx(table, translateTriageExport('sheet'));
  return new Response(new Uint8Array(body), {
    headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
}
