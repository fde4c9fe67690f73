import { documentNotFound, documentResponse } from '@/lib/cases/document-response';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaff, StaffAccessDenied } from '@/lib/auth/require-staff';
import { findCaseDocumentForStaff } from '@/lib/data/cases/documents';

export const dynamic = 'force-dynamic';

/** A document of a case in the staff member's departments (drafts included: the preview links here). */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  let actor;
  try {
    actor = await requireStaff('console.view');
  } catch (error) {
    if (error instanceof StaffAccessDenied) return documentNotFound();
    throw error;
  }
  if (!/^\d{1,9}$/.test(id)) return documentNotFound();
  const db = await requestDb();
  const document = await findCaseDocumentForStaff(db, actor, slug, Number(id));
  if (!document) return documentNotFound();
  return documentResponse(db, document, 'private, no-store');
}
