import { resultDownload } from '../download';
import { publicPreflight } from '@/lib/http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return resultDownload(request, (await params).slug, 'xlsx');
}

export const OPTIONS = publicPreflight;
