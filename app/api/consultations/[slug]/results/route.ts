import { readPublishedResult } from '@/lib/data/results/public-reads';
import { publicJson, publicPreflight } from '@/lib/http';
import { parseResultVersion } from '@/lib/validation/result-version';

export const dynamic = 'force-dynamic';

/** The published result (実施結果) as open data: the stored snapshot and the list of versions. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const version = parseResultVersion(new URL(request.url).searchParams.get('version'));
  const result = await readPublishedResult((await params).slug, version);
  if (!result) return publicJson({ error: 'not_found', message: '案件が見つかりません。' }, { status: 404 });
  if (result.status === 'unpublished') {
    return publicJson({ error: 'not_published', message: '実施結果はまだ公表されていません。', versions: result.versions }, { status: 404 });
  }
  return publicJson({ result: result.snapshot, versions: result.versions });
}

export const OPTIONS = publicPreflight;
