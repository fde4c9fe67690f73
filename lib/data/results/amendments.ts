import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { itemAmendments, revisionItems } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '../audit';
import { caseInScope } from '../departments/scope';

export type AmendmentInput = {
  consultationId: number;
  itemNumber: number;
  /** The version read, or 0 when the item has no amendment yet. */
  version: number;
  changed: boolean;
  amendedText: string;
  note: string;
};

export type AmendmentState = { itemNumber: number; changed: boolean; amendedText: string; note: string; version: number };

export type AmendmentResult =
  | { ok: true; amendment: AmendmentState }
  | { ok: false; error: 'unknownItem' | 'emptyText' | 'conflict'; current?: AmendmentState };

function stateOf(row: typeof itemAmendments.$inferSelect): AmendmentState {
  return { itemNumber: row.itemNumber, changed: row.changed, amendedText: row.amendedText, note: row.note, version: row.version };
}

/**
 * 修正の有無 for one item: whether the draft changes because of the comments and, if so, the
 * amended text (shown as a diff against the published 改訂後 text). Audited; version-checked.
 */
export async function saveItemAmendment(db: Db, actor: StaffActor, input: AmendmentInput, ipHash: string | null = null): Promise<AmendmentResult> {
  assertPermission(actor, 'response.draft');
  const amendedText = input.changed ? input.amendedText.trim() : '';
  if (input.changed && amendedText === '') return { ok: false, error: 'emptyText' };
  return db.transaction(async (tx) => {
    if (!(await caseInScope(tx, actor, input.consultationId))) return { ok: false, error: 'unknownItem' } as const;
    const [item] = await tx
      .select({ id: revisionItems.id })
      .from(revisionItems)
      .where(and(eq(revisionItems.consultationId, input.consultationId), eq(revisionItems.number, input.itemNumber)));
    if (!item) return { ok: false, error: 'unknownItem' } as const;
    const [before] = await tx
      .select()
      .from(itemAmendments)
      .where(and(eq(itemAmendments.consultationId, input.consultationId), eq(itemAmendments.itemNumber, input.itemNumber)))
      .for('update');
    if ((before?.version ?? 0) !== input.version) {
      return { ok: false, error: 'conflict', current: before ? stateOf(before) : undefined } as const;
    }
    const values = { changed: input.changed, amendedText, note: input.note.trim(), updatedBy: actor.id, updatedAt: new Date() };
    const [after] = before
      ? await tx
          .update(itemAmendments)
          .set({ ...values, version: before.version + 1 })
          .where(eq(itemAmendments.id, before.id))
          .returning()
      : await tx
          .insert(itemAmendments)
          .values({ consultationId: input.consultationId, itemNumber: input.itemNumber, ...values })
          .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'item_amendment.saved',
      targetType: 'item_amendment',
      targetId: `${input.consultationId}:${input.itemNumber}`,
      before: before ? stateOf(before) : undefined,
      after: stateOf(after!),
      ipHash,
    });
    return { ok: true, amendment: stateOf(after!) } as const;
  });
}
