import { NextResponse, type NextRequest } from 'next/server';
import { requestDb } from '@/lib/auth/request-context';
import { requestIpHash, requireStaff, StaffAccessDenied } from '@/lib/auth/require-staff';
import { DOCUMENT_MAX_BYTES } from '@/lib/cases/document-type';
import { caseChanged } from '@/lib/actions/case-context';
import { addCaseDocument } from '@/lib/data/cases/documents';
import { findCaseInScope } from '@/lib/data/departments/scope';
import { originAllowed } from '@/lib/submissions/api';
import { isSlug } from '@/lib/validation/slug';

export const dynamic = 'force-dynamic';

/** Room for the multipart boundaries and the other fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Attaches a document (a plain form post, so it works without JavaScript, with a limit of its
 * own: server actions stop at 2 MB). A case outside the caller's departments answers 404 before
 * the body is read. The body is read as a stream and given up as soon as it passes the limit; a
 * declared length over it is refused before reading anything. Answers with a redirect to the
 * settings page, which shows the outcome at the file field.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // A relative Location: the browser stays on the origin it posted from, whatever Host the server sees.
  const back = (outcome: string) =>
    new NextResponse(null, { status: 303, headers: { Location: `/staff/consultations/${isSlug(slug) ? slug : ''}/settings?document=${outcome}#documents` } });
  if (!originAllowed(request)) return new NextResponse('forbidden', { status: 403 });
  let actor;
  try {
    actor = await requireStaff('consultation.manage');
  } catch (error) {
    if (error instanceof StaffAccessDenied) return new NextResponse(null, { status: 404 });
    throw error;
  }
  const db = await requestDb();
  const ipHash = await requestIpHash();
  // Another department's case answers like one that does not exist, before a byte of the body is read.
  if ((await findCaseInScope(db, actor, slug, { auditDenial: { ipHash } })) === null) return new NextResponse(null, { status: 404 });
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (declared > DOCUMENT_MAX_BYTES + ENVELOPE_BYTES) return back('tooLarge');
  const body = await readLimited(request, DOCUMENT_MAX_BYTES + ENVELOPE_BYTES);
  if (body === 'tooLarge') return back('tooLarge');
  let file: FormDataEntryValue | null;
  try {
    file = (await new Response(new Uint8Array(body), { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData()).get('file');
  } catch {
    return back('malformed');
  }
  if (!(file instanceof File) || file.size === 0) return back('empty');
  const result = await addCaseDocument(db, actor, slug, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, ipHash);
  if (!result.ok) return result.error === 'notFound' ? new NextResponse(null, { status: 404 }) : back(result.error);
  caseChanged(slug);
  return back('added');
}

/** The body, unless it grows past `limit` bytes (then reading stops at once). */
async function readLimited(request: NextRequest, limit: number): Promise<Buffer | 'tooLarge'> {
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return 'tooLarge';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
