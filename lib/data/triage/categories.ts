import 'server-only';
import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { handlingCategories, opinions } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '../audit';
import { caseInScope, caseScope } from '../departments/scope';

/** The common default list (DOMAIN.md); each consultation may change its own. */
export const DEFAULT_HANDLING_CATEGORIES = [
  { code: 'A', label: '意見を反映し修正する' },
  { code: 'B', label: '既に盛り込み済み' },
  { code: 'C', label: '今後の参考とする' },
  { code: 'D', label: '反映できない' },
  { code: 'E', label: 'その他（質問・感想等）' },
] as const;

export type CategoryView = { code: string; label: string; position: number };

/**
 * Gives a consultation the default categories when it has none yet. Idempotent and safe to
 * race (the unique index decides); called on import and lazily when staff open a case.
 */
export async function ensureDefaultCategories(db: Db, consultationId: number): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(handlingCategories).where(eq(handlingCategories.consultationId, consultationId));
  if ((existing?.n ?? 0) > 0) return;
  await db
    .insert(handlingCategories)
    .values(DEFAULT_HANDLING_CATEGORIES.map((c, position) => ({ consultationId, code: c.code, label: c.label, position })))
    .onConflictDoNothing();
}

export async function listCategories(db: Db, actor: StaffActor, consultationId: number): Promise<CategoryView[]> {
  assertPermission(actor, 'submission.read');
  if (!(await caseInScope(db, actor, consultationId))) return [];
  await ensureDefaultCategories(db, consultationId);
  return db
    .select({ code: handlingCategories.code, label: handlingCategories.label, position: handlingCategories.position })
    .from(handlingCategories)
    .where(and(eq(handlingCategories.consultationId, consultationId), caseScope(actor, handlingCategories.consultationId)))
    .orderBy(asc(handlingCategories.position), asc(handlingCategories.code));
}

export type CategoryChangeResult = { ok: true } | { ok: false; error: 'inUse' | 'notFound' };

/** The category row by code, locked until the transaction ends so a save and a delete cannot interleave. */
async function lockCategory(tx: Db, consultationId: number, code: string) {
  const [row] = await tx
    .select()
    .from(handlingCategories)
    .where(and(eq(handlingCategories.consultationId, consultationId), eq(handlingCategories.code, code)))
    .for('update');
  return row;
}

/** Adds a category or changes the label and position of an existing code (admins). */
export async function saveCategory(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number; code: string; label: string; position: number },
  ipHash: string | null = null,
): Promise<CategoryChangeResult> {
  assertPermission(actor, 'category.manage');
  return db.transaction(async (tx) => {
    if (!(await caseInScope(tx, actor, input.consultationId, { lock: true }))) return { ok: false, error: 'notFound' } as const;
    const before = await lockCategory(tx, input.consultationId, input.code);
    if (before) {
      await tx.update(handlingCategories).set({ label: input.label, position: input.position }).where(eq(handlingCategories.id, before.id));
    } else {
      await tx.insert(handlingCategories).values(input);
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: before ? 'category.updated' : 'category.added',
      targetType: 'handling_category',
      targetId: `${input.consultationId}:${input.code}`,
      before: before ? { label: before.label, position: before.position } : undefined,
      after: { label: input.label, position: input.position },
      ipHash,
    });
    return { ok: true } as const;
  });
}

/** Removes a category no opinion uses (admins); one in use is refused, never orphaned. */
export async function deleteCategory(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number; code: string },
  ipHash: string | null = null,
): Promise<CategoryChangeResult> {
  assertPermission(actor, 'category.manage');
  return db.transaction(async (tx) => {
    if (!(await caseInScope(tx, actor, input.consultationId, { lock: true }))) return { ok: false, error: 'notFound' } as const;
    const before = await lockCategory(tx, input.consultationId, input.code);
    if (!before) return { ok: false, error: 'notFound' } as const;
    const [used] = await tx
      .select({ n: count() })
      .from(opinions)
      .where(and(eq(opinions.consultationId, input.consultationId), eq(opinions.categoryCode, input.code)));
    if ((used?.n ?? 0) > 0) return { ok: false, error: 'inUse' } as const;
    await tx.delete(handlingCategories).where(eq(handlingCategories.id, before.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'category.deleted',
      targetType: 'handling_category',
      targetId: `${input.consultationId}:${input.code}`,
      before: { label: before.label, position: before.position },
      ipHash,
    });
    return { ok: true } as const;
  });
}
