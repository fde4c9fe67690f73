import { readPublicConsultations } from '@/lib/data/public-reads';
import { publicJson, publicPreflight } from '@/lib/http';

export const dynamic = 'force-dynamic';

export async function GET() {
  return publicJson({ consultations: await readPublicConsultations() });
}

export const OPTIONS = publicPreflight;
