import { requireStaff } from '@/lib/auth/require-staff';
import { exportResponse } from '../export-response';

export const dynamic = 'force-dynamic';

/** The inbox's opinions as XLSX, with the inbox's filters (?include=all, ?personal=1). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return exportResponse('xlsx', (await params).slug, new URL(request.url), () => requireStaff('submission.read'));
}
