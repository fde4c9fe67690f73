import 'server-only';
import { PUBLIC_CORS_HEADERS } from '@/lib/http';
import { parseResultVersion } from '@/lib/validation/result-version';
import { resultCsv, resultXlsx } from '@/lib/data/results/export';
import { readPublishedResult } from '@/lib/data/results/public-reads';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** CSV or XLSX download of a published result, built from the snapshot only. */
export async function resultDownload(request: Request, slug: string, format: 'csv' | 'xlsx'): Promise<Response> {
  const version = parseResultVersion(new URL(request.url).searchParams.get('version'));
  const result = await readPublishedResult(slug, version);
  if (!result || result.status !== 'published') {
    return new Response('実施結果は公表されていません。', { status: 404, headers: { ...PUBLIC_CORS_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const body = format === 'csv' ? resultCsv(result.snapshot) : new Uint8Array(await resultXlsx(result.snapshot));
  const filename = `${slug}-results-v${result.snapshot.header.version}.${format}`;
  return new Response(body, {
    headers: {
      ...PUBLIC_CORS_HEADERS,
      'Content-Type': TYPES[format],
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'public, max-age=60',
    },
  });
}
