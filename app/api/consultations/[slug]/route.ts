import { readPublicConsultation } from '@/lib/data/public-reads';
import { publicJson, publicPreflight } from '@/lib/http';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const consultation = await readPublicConsultation((await params).slug);
  if (!consultation) return publicJson({ error: 'not_found', message: '案件が見つかりません。' }, { status: 404 });
  return publicJson({ consultation });
}

export const OPTIONS = publicPreflight;
