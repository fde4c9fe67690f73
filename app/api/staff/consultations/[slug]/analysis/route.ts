import { requestDb } from '@/lib/auth/request-context';
import { requestIpHash, requireStaff, StaffAccessDenied } from '@/lib/auth/require-staff';
import { getConsultationAnalysis } from '@/lib/data/analysis/read';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'private, no-store' };

/** The opinion analysis of one consultation for staff integrations (see README: 意見の分析 JSON). */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  try {
    const actor = await requireStaff('submission.read');
    const analysis = await getConsultationAnalysis(await requestDb(), actor, (await params).slug, { ipHash: await requestIpHash() });
    if (!analysis) return Response.json({ error: 'not_found' }, { status: 404, headers: NO_STORE });
    return Response.json(analysis, { headers: NO_STORE });
  } catch (error) {
    if (error instanceof StaffAccessDenied) return new Response(null, { status: error.reason === 'anonymous' ? 401 : 403, headers: NO_STORE });
    throw error;
  }
}
