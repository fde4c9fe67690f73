import 'server-only';
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultationDocuments, consultations, resultPublications, revisionItems, submissions } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { textToBlocks } from '@/lib/cases/text-blocks';
import type { CaseFormInput } from '@/lib/validation/case';
import { isSlug } from '@/lib/validation/slug';
import { recordAudit } from '../audit';
import { departmentForCase } from '../departments/departments';
import { caseScope } from '../departments/scope';
import { ensureDefaultCategories } from '../triage/categories';
import { databaseNow } from './clock';

/** Where a case is in its life: draft (staff only) → scheduled → open → closed → published. */
export type CaseState = 'draft' | 'scheduled' | 'open' | 'closed' | 'published';

export function caseState(row: { draft: boolean; opensAt: Date; closesAt: Date }, now: Date, published: boolean): CaseState {
  if (row.draft) return 'draft';
  if (now < row.opensAt) return 'scheduled';
  if (now < row.closesAt) return 'open';
  return published ? 'published' : 'closed';
}

export type CaseDocumentSummary = { id: number; name: string; contentType: string; size: number };

export type StaffCase = typeof consultations.$inferSelect & {
  state: CaseState;
  now: Date;
  itemCount: number;
  submissionCount: number;
  documents: CaseDocumentSummary[];
};

/**
 * Everything staff see and edit of one case, or null (unknown, or outside the actor's
 * departments): the database clock decides its state.
 */
export async function getCaseForStaff(db: Db, actor: StaffActor, slug: string): Promise<StaffCase | null> {
  assertPermission(actor, 'consultation.manage');
  if (!isSlug(slug)) return null;
  const [row] = await db.select().from(consultations).where(and(eq(consultations.slug, slug), caseScope(actor)));
  if (!row) return null;
  const [now, [items], [subs], [published], documents] = await Promise.all([
    databaseNow(db),
    db.select({ n: count() }).from(revisionItems).where(eq(revisionItems.consultationId, row.id)),
    db.select({ n: count() }).from(submissions).where(eq(submissions.consultationId, row.id)),
    db.select({ n: count() }).from(resultPublications).where(eq(resultPublications.consultationId, row.id)),
    listCaseDocuments(db, row.id),
  ]);
  return {
    ...row,
    now,
    state: caseState(row, now, (published?.n ?? 0) > 0),
    itemCount: items?.n ?? 0,
    submissionCount: subs?.n ?? 0,
    documents,
  };
}

/** A case's documents in their order (name, type, size; never the content); for getCaseForStaff, after its scoped read. */
async function listCaseDocuments(db: Db, consultationId: number): Promise<CaseDocumentSummary[]> {
  return db
    .select({ id: consultationDocuments.id, name: consultationDocuments.name, contentType: consultationDocuments.contentType, size: consultationDocuments.size })
    .from(consultationDocuments)
    .where(eq(consultationDocuments.consultationId, consultationId))
    .orderBy(asc(consultationDocuments.position), asc(consultationDocuments.id));
}

function settingsOf(input: CaseFormInput, department: { id: number; name: string }) {
  return {
    title: input.title,
    department: department.name,
    departmentId: department.id,
    overview: textToBlocks(input.overview),
    channels: { postalAddress: input.postalAddress, fax: input.fax, email: input.email, counter: input.counter },
    howToSubmit: input.howToSubmit,
    contact: input.contact,
    formSettings: {
      categories: input.categories,
      required: { name: input.requireName, address: input.requireAddress, category: input.requireCategory, email: input.requireEmail },
    },
  };
}

export type CaseSaveResult = { ok: true; slug: string } | { ok: false; error: 'slugTaken' | 'slugLocked' | 'notFound' | 'departmentRequired' };

/** Midnight at the start of a day in Japan, `days` days after `from`. */
function startOfJapanDay(from: Date, days: number): Date {
  const japan = new Date(from.getTime() + 9 * 3_600_000);
  return new Date(Date.UTC(japan.getUTCFullYear(), japan.getUTCMonth(), japan.getUTCDate() + days) - 9 * 3_600_000);
}

/**
 * Creates a draft case (seen by staff only). Its period is a placeholder (tomorrow, 30 days)
 * until staff schedule it.
 */
export async function createCase(db: Db, actor: StaffActor, input: CaseFormInput, ipHash: string | null = null): Promise<CaseSaveResult> {
  assertPermission(actor, 'consultation.manage');
  return db.transaction(async (tx) => {
    // Only a department the actor belongs to (admins: any), so nobody makes a case they cannot see.
    const department = await departmentForCase(tx, actor, input.departmentId);
    if (!department) return { ok: false, error: 'departmentRequired' } as const;
    const now = await databaseNow(tx);
    const [row] = await tx
      .insert(consultations)
      .values({ slug: input.slug, ...settingsOf(input, department), draft: true, opensAt: startOfJapanDay(now, 1), closesAt: startOfJapanDay(now, 31) })
      .onConflictDoNothing({ target: consultations.slug })
      .returning({ id: consultations.id });
    if (!row) return { ok: false, error: 'slugTaken' } as const;
    await ensureDefaultCategories(tx, row.id);
    await recordAudit(tx, { actorId: actor.id, action: 'consultation.created', targetType: 'consultation', targetId: row.id, after: { slug: input.slug, ...settingsOf(input, department) }, ipHash });
    return { ok: true, slug: input.slug } as const;
  });
}

/** Saves a case's settings; the slug changes only while nobody outside could have linked to it (before it opens). */
export async function updateCase(db: Db, actor: StaffActor, slug: string, input: CaseFormInput, ipHash: string | null = null): Promise<CaseSaveResult> {
  assertPermission(actor, 'consultation.manage');
  if (!isSlug(slug)) return { ok: false, error: 'notFound' };
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(consultations).where(and(eq(consultations.slug, slug), caseScope(actor))).for('update');
    if (!before) return { ok: false, error: 'notFound' } as const;
    const department = await departmentForCase(tx, actor, input.departmentId);
    if (!department) return { ok: false, error: 'departmentRequired' } as const;
    if (input.slug !== before.slug) {
      const now = await databaseNow(tx);
      if (!before.draft && now >= before.opensAt) return { ok: false, error: 'slugLocked' } as const;
      const [taken] = await tx.select({ id: consultations.id }).from(consultations).where(and(eq(consultations.slug, input.slug), ne(consultations.id, before.id)));
      if (taken) return { ok: false, error: 'slugTaken' } as const;
    }
    const after = { slug: input.slug, ...settingsOf(input, department) };
    await tx.update(consultations).set({ ...after, updatedAt: sql`now()` }).where(eq(consultations.id, before.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'consultation.updated',
      targetType: 'consultation',
      targetId: before.id,
      before: { slug: before.slug, title: before.title, department: before.department, departmentId: before.departmentId, overview: before.overview, channels: before.channels, howToSubmit: before.howToSubmit, contact: before.contact, formSettings: before.formSettings },
      after,
      ipHash,
    });
    return { ok: true, slug: input.slug } as const;
  });
}
