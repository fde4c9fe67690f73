import { requestDb } from '@/lib/auth/request-context';
import { documentNotFound, documentResponse } from '@/lib/cases/document-response';
import { findCaseDocument } from '@/lib/data/cases/documents';

export const dynamic = 'force-dynamic';

/** A public case's document; a draft's documents are not public (404, as the draft itself). */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  if (!/^\d{1,9}$/.test(id)) return documentNotFound();
  const db = await requestDb();
  const document = await findCaseDocument(db, slug, Number(id));
  if (!document || document.draft) return documentNotFound();
  return documentResponse(db, document, 'public, max-age=300');
}
