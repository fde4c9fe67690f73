import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultationDocuments, consultations } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { DOCUMENT_MAX_BYTES, sniffDocumentType } from '@/lib/cases/document-type';
import { textProblem, trimInvisible } from '@/lib/validation/text';
import { isSlug } from '@/lib/validation/slug';
import { recordAudit } from '../audit';
import { caseScope } from '../departments/scope';

export type DocumentError = 'notFound' | 'empty' | 'tooLarge' | 'type' | 'name';

/** A display name from an uploaded file's name: no path, no control characters, at most 200 characters. */
export function documentName(fileName: string, extension: string): string | null {
  const base = trimInvisible((fileName.split(/[\\/]/).pop() ?? '').normalize('NFC'));
  if (!base || textProblem(base, { multiline: false }) || [...base].length > 200) return null;
  // The stored type decides the extension residents' computers open it with.
  return /\.[a-z0-9]{1,5}$/i.test(base) ? base.replace(/\.[a-z0-9]{1,5}$/i, `.${extension}`) : `${base}.${extension}`;
}

/** Attaches a document to a case; its type is read from the content, never from the name. */
export async function addCaseDocument(
  db: Db,
  actor: StaffActor,
  slug: string,
  file: { name: string; bytes: Uint8Array },
  ipHash: string | null = null,
): Promise<{ ok: true; id: number } | { ok: false; error: DocumentError }> {
  assertPermission(actor, 'consultation.manage');
  if (!isSlug(slug)) return { ok: false, error: 'notFound' };
  if (file.bytes.byteLength === 0) return { ok: false, error: 'empty' };
  if (file.bytes.byteLength > DOCUMENT_MAX_BYTES) return { ok: false, error: 'tooLarge' };
  const type = sniffDocumentType(file.bytes);
  if (!type) return { ok: false, error: 'type' };
  const name = documentName(file.name, type.extension);
  if (!name) return { ok: false, error: 'name' };
  return db.transaction(async (tx) => {
    const c = await lockCaseInScope(tx, actor, slug);
    if (!c) return { ok: false, error: 'notFound' } as const;
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const [row] = await tx
      .insert(consultationDocuments)
      .values({
        consultationId: c.id,
        name,
        contentType: type.contentType,
        size: file.bytes.byteLength,
        sha256,
        content: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
        position: sql`(select coalesce(max(position), 0) + 1 from consultation_documents where consultation_id = ${c.id})`,
        createdBy: actor.id,
      })
      .returning({ id: consultationDocuments.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'consultation.document_added',
      targetType: 'consultation_document',
      targetId: row!.id,
      after: { consultationId: c.id, name, contentType: type.contentType, size: file.bytes.byteLength, sha256 },
      ipHash,
    });
    return { ok: true, id: row!.id } as const;
  });
}

export async function removeCaseDocument(db: Db, actor: StaffActor, slug: string, documentId: number, ipHash: string | null = null) {
  assertPermission(actor, 'consultation.manage');
  if (!isSlug(slug)) return { ok: false, error: 'notFound' } as const;
  return db.transaction(async (tx) => {
    const c = await lockCaseInScope(tx, actor, slug);
    if (!c) return { ok: false, error: 'notFound' } as const;
    const [removed] = await tx
      .delete(consultationDocuments)
      .where(and(eq(consultationDocuments.id, documentId), eq(consultationDocuments.consultationId, c.id)))
      .returning({ id: consultationDocuments.id, name: consultationDocuments.name, consultationId: consultationDocuments.consultationId, sha256: consultationDocuments.sha256 });
    if (!removed) return { ok: false, error: 'notFound' } as const;
    await recordAudit(tx, { actorId: actor.id, action: 'consultation.document_removed', targetType: 'consultation_document', targetId: documentId, before: removed, ipHash });
    return { ok: true } as const;
  });
}

/** The case row, locked (`for update`) for the transaction: a department change waits, and one that came first is seen. */
async function lockCaseInScope(tx: Db, actor: StaffActor, slug: string): Promise<{ id: number } | null> {
  const [c] = await tx
    .select({ id: consultations.id })
    .from(consultations)
    .where(and(eq(consultations.slug, slug), caseScope(actor)))
    .for('update');
  return c ?? null;
}

export type DocumentHead = { id: number; name: string; contentType: string; size: number; sha256: string; draft: boolean };

/** A document's metadata by case slug and id (drafts included: the caller decides who may read a draft's files). */
export async function findCaseDocument(db: Db, slug: string, documentId: number): Promise<DocumentHead | null> {
  return findDocument(db, slug, documentId, sql`true`);
}

/** A document of a case in the staff member's departments (drafts included: the preview links here). */
export async function findCaseDocumentForStaff(db: Db, actor: StaffActor, slug: string, documentId: number): Promise<DocumentHead | null> {
  assertPermission(actor, 'console.view');
  return findDocument(db, slug, documentId, caseScope(actor));
}

async function findDocument(db: Db, slug: string, documentId: number, scope: SQL): Promise<DocumentHead | null> {
  if (!isSlug(slug) || !Number.isSafeInteger(documentId)) return null;
  const [row] = await db
    .select({
      id: consultationDocuments.id,
      name: consultationDocuments.name,
      contentType: consultationDocuments.contentType,
      size: consultationDocuments.size,
      sha256: consultationDocuments.sha256,
      draft: consultations.draft,
    })
    .from(consultationDocuments)
    .innerJoin(consultations, eq(consultations.id, consultationDocuments.consultationId))
    .where(and(eq(consultations.slug, slug), eq(consultationDocuments.id, documentId), scope));
  return row ?? null;
}

const CHUNK_BYTES = 256 * 1024;

/** The content in chunks read one query at a time, so a large file is never held whole in memory. */
export function streamDocumentContent(db: Db, documentId: number, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= size) {
        controller.close();
        return;
      }
      const [row] = await queryRows<{ chunk: Uint8Array }>(
        db,
        sql`select substring(content from ${offset + 1} for ${CHUNK_BYTES}) as chunk from consultation_documents where id = ${documentId}`,
      );
      const chunk = row?.chunk;
      if (!chunk || chunk.byteLength === 0) {
        controller.error(new Error(`document ${documentId} ended at ${offset} of ${size} bytes`));
        return;
      }
      offset += chunk.byteLength;
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
}
