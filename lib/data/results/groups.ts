import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { handlingCategories, opinions, responseGroupMembers, responseGroups, type ResponseGroup, type ResponseStatus } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '../audit';
import { caseInScope, caseScope } from '../departments/scope';

/**
 * The response workflow: a reviewer groups opinions and drafts 市の考え方, then submits it; an
 * admin other than the one who drafted or submitted it (four eyes, as in 決裁) approves it or
 * returns it with a remark. Every write checks the permission here (not
 * only in the UI), checks the group's version (no silent overwrite) and is audited with before
 * and after in the same transaction.
 */

export type GroupState = {
  id: number;
  itemNumber: number | null;
  response: string;
  categoryCode: string | null;
  status: ResponseStatus;
  version: number;
  returnRemark: string | null;
};

export type GroupError =
  | 'notFound'
  | 'conflict'
  | 'invalidState'
  | 'alreadyGrouped'
  | 'unknownOpinion'
  | 'unknownCategory'
  | 'emptyResponse'
  | 'emptyRemark'
  | 'noMembers'
  | 'ownWork';

export type GroupResult = { ok: true; group: GroupState } | { ok: false; error: GroupError; current?: GroupState };

function stateOf(row: ResponseGroup): GroupState {
  return {
    id: row.id,
    itemNumber: row.itemNumber,
    response: row.response,
    categoryCode: row.categoryCode,
    status: row.status,
    version: row.version,
    returnRemark: row.returnRemark,
  };
}

type Ip = string | null;

async function lockGroup(tx: Db, actor: StaffActor, groupId: number): Promise<ResponseGroup | undefined> {
  const [row] = await tx
    .select()
    .from(responseGroups)
    .where(and(eq(responseGroups.id, groupId), caseScope(actor, responseGroups.consultationId)))
    .for('update');
  return row;
}

/** Opinions of the consultation among `ids`, with any group they already belong to. */
async function opinionsForGrouping(tx: Db, consultationId: number, ids: number[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: opinions.id, groupId: responseGroupMembers.groupId })
    .from(opinions)
    .leftJoin(responseGroupMembers, eq(responseGroupMembers.opinionId, opinions.id))
    .where(and(eq(opinions.consultationId, consultationId), inArray(opinions.id, ids)))
    // No key changes: foreign keys to these opinions (the analysis worker's rows) need not wait.
    .for('no key update', { of: opinions });
}

/** Moves the group's opinions along the triage status (drafted → approved) so the inbox shows it. */
async function syncOpinionStatus(tx: Db, groupId: number, status: 'drafted' | 'approved', actorId: string): Promise<void> {
  await tx.execute(sql`
    update opinions set status = ${status}, version = version + 1, updated_at = now(), updated_by = ${actorId}
    where id in (select opinion_id from response_group_members where group_id = ${groupId}) and status <> ${status}`);
}

async function categoryExists(tx: Db, consultationId: number, code: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: handlingCategories.id })
    .from(handlingCategories)
    .where(and(eq(handlingCategories.consultationId, consultationId), eq(handlingCategories.code, code)));
  return Boolean(row);
}

/** Starts a group (status draft) answering the given opinions; none may be in a group already. */
export async function createResponseGroup(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number; itemNumber: number | null; opinionIds: number[] },
  ipHash: Ip = null,
): Promise<GroupResult> {
  assertPermission(actor, 'response.draft');
  const ids = [...new Set(input.opinionIds)];
  if (ids.length === 0) return { ok: false, error: 'noMembers' };
  return db.transaction(async (tx) => {
    if (!(await caseInScope(tx, actor, input.consultationId))) return { ok: false, error: 'notFound' } as const;
    const found = await opinionsForGrouping(tx, input.consultationId, ids);
    if (found.length !== ids.length) return { ok: false, error: 'unknownOpinion' } as const;
    if (found.some((o) => o.groupId !== null)) return { ok: false, error: 'alreadyGrouped' } as const;
    const [group] = await tx
      .insert(responseGroups)
      .values({ consultationId: input.consultationId, itemNumber: input.itemNumber, draftedBy: actor.id, draftedAt: new Date() })
      .returning();
    await tx.insert(responseGroupMembers).values(ids.map((opinionId) => ({ groupId: group!.id, opinionId })));
    await syncOpinionStatus(tx, group!.id, 'drafted', actor.id);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'response_group.created',
      targetType: 'response_group',
      targetId: group!.id,
      after: { itemNumber: input.itemNumber, opinionIds: ids },
      ipHash,
    });
    return { ok: true, group: stateOf(group!) } as const;
  });
}

/**
 * Runs `change` on the locked group when its version is still `version`; otherwise returns the
 * conflict with the current state and writes nothing.
 */
async function withGroup(
  db: Db,
  actor: StaffActor,
  groupId: number,
  version: number,
  change: (tx: Db, row: ResponseGroup) => Promise<GroupResult>,
): Promise<GroupResult> {
  return db.transaction(async (tx) => {
    const row = await lockGroup(tx, actor, groupId);
    if (!row) return { ok: false, error: 'notFound' };
    if (row.version !== version) return { ok: false, error: 'conflict', current: stateOf(row) };
    return change(tx, row);
  });
}

async function writeGroup(tx: Db, row: ResponseGroup, set: Partial<typeof responseGroups.$inferInsert>): Promise<ResponseGroup> {
  const [updated] = await tx
    .update(responseGroups)
    .set({ ...set, version: row.version + 1, updatedAt: new Date() })
    .where(eq(responseGroups.id, row.id))
    .returning();
  return updated!;
}

async function audit(tx: Db, actor: StaffActor, action: string, before: ResponseGroup, after: ResponseGroup, ipHash: Ip, extra?: object) {
  await recordAudit(tx, {
    actorId: actor.id,
    action,
    targetType: 'response_group',
    targetId: before.id,
    before: stateOf(before),
    after: { ...stateOf(after), ...extra },
    ipHash,
  });
}

/** Adds or removes opinions. A changed group goes back to draft: it must be approved again. */
export async function changeGroupMembers(
  db: Db,
  actor: StaffActor,
  input: { groupId: number; version: number; add?: number[]; remove?: number[] },
  ipHash: Ip = null,
): Promise<GroupResult> {
  assertPermission(actor, 'response.draft');
  const add = [...new Set(input.add ?? [])];
  const remove = [...new Set(input.remove ?? [])];
  return withGroup(db, actor, input.groupId, input.version, async (tx, row) => {
    if (add.length > 0) {
      const found = await opinionsForGrouping(tx, row.consultationId, add);
      if (found.length !== add.length) return { ok: false, error: 'unknownOpinion' };
      if (found.some((o) => o.groupId !== null)) return { ok: false, error: 'alreadyGrouped' };
      await tx.insert(responseGroupMembers).values(add.map((opinionId) => ({ groupId: row.id, opinionId })));
    }
    if (remove.length > 0) {
      await tx
        .delete(responseGroupMembers)
        .where(and(eq(responseGroupMembers.groupId, row.id), inArray(responseGroupMembers.opinionId, remove)));
      await tx
        .update(opinions)
        .set({ status: 'classified', version: sql`${opinions.version} + 1`, updatedAt: new Date(), updatedBy: actor.id })
        .where(and(inArray(opinions.id, remove), inArray(opinions.status, ['drafted', 'approved'])));
    }
    const updated = await writeGroup(tx, row, { status: 'draft', draftedBy: actor.id, draftedAt: new Date() });
    await syncOpinionStatus(tx, row.id, 'drafted', actor.id);
    await audit(tx, actor, 'response_group.members_changed', row, updated, ipHash, { added: add, removed: remove });
    return { ok: true, group: stateOf(updated) };
  });
}

/** Saves 市の考え方 and 区分. Editing a submitted or approved group makes it a draft again. */
export async function saveResponseDraft(
  db: Db,
  actor: StaffActor,
  input: { groupId: number; version: number; response: string; categoryCode: string | null },
  ipHash: Ip = null,
): Promise<GroupResult> {
  assertPermission(actor, 'response.draft');
  return withGroup(db, actor, input.groupId, input.version, async (tx, row) => {
    if (input.categoryCode && !(await categoryExists(tx, row.consultationId, input.categoryCode))) {
      return { ok: false, error: 'unknownCategory' };
    }
    const updated = await writeGroup(tx, row, {
      response: input.response,
      categoryCode: input.categoryCode,
      status: 'draft',
      draftedBy: actor.id,
      draftedAt: new Date(),
    });
    await syncOpinionStatus(tx, row.id, 'drafted', actor.id);
    await audit(tx, actor, 'response_group.drafted', row, updated, ipHash);
    return { ok: true, group: stateOf(updated) };
  });
}

/** The reviewer hands the draft to an admin. It needs a response, a 区分 and opinions. */
export async function submitResponse(db: Db, actor: StaffActor, input: { groupId: number; version: number }, ipHash: Ip = null): Promise<GroupResult> {
  assertPermission(actor, 'response.draft');
  return withGroup(db, actor, input.groupId, input.version, async (tx, row) => {
    if (row.status !== 'draft' && row.status !== 'returned') return { ok: false, error: 'invalidState', current: stateOf(row) };
    if (row.response.trim() === '') return { ok: false, error: 'emptyResponse', current: stateOf(row) };
    if (!row.categoryCode) return { ok: false, error: 'unknownCategory', current: stateOf(row) };
    const [members] = await tx.select({ n: sql<number>`count(*)::int` }).from(responseGroupMembers).where(eq(responseGroupMembers.groupId, row.id));
    if ((members?.n ?? 0) === 0) return { ok: false, error: 'noMembers', current: stateOf(row) };
    const updated = await writeGroup(tx, row, { status: 'submitted', submittedBy: actor.id, submittedAt: new Date() });
    await audit(tx, actor, 'response_group.submitted', row, updated, ipHash);
    return { ok: true, group: stateOf(updated) };
  });
}

/** Whether the actor wrote or handed in the response's current draft, and so may not approve it. */
export function isOwnWork(row: { draftedBy: string | null; submittedBy: string | null }, actor: StaffActor): boolean {
  return row.draftedBy === actor.id || row.submittedBy === actor.id;
}

/** Another admin approves a submitted response; only approved responses are published. */
export async function approveResponse(db: Db, actor: StaffActor, input: { groupId: number; version: number }, ipHash: Ip = null): Promise<GroupResult> {
  assertPermission(actor, 'response.approve');
  return withGroup(db, actor, input.groupId, input.version, async (tx, row) => {
    if (row.status !== 'submitted') return { ok: false, error: 'invalidState', current: stateOf(row) };
    if (isOwnWork(row, actor)) return { ok: false, error: 'ownWork', current: stateOf(row) };
    const updated = await writeGroup(tx, row, { status: 'approved', approvedBy: actor.id, approvedAt: new Date(), returnRemark: null });
    await syncOpinionStatus(tx, row.id, 'approved', actor.id);
    await audit(tx, actor, 'response_group.approved', row, updated, ipHash);
    return { ok: true, group: stateOf(updated) };
  });
}

/** An admin sends a submitted or approved response back to the reviewer with a remark. */
export async function returnResponse(
  db: Db,
  actor: StaffActor,
  input: { groupId: number; version: number; remark: string },
  ipHash: Ip = null,
): Promise<GroupResult> {
  assertPermission(actor, 'response.approve');
  const remark = input.remark.trim();
  if (remark === '') return { ok: false, error: 'emptyRemark' };
  return withGroup(db, actor, input.groupId, input.version, async (tx, row) => {
    if (row.status !== 'submitted' && row.status !== 'approved') return { ok: false, error: 'invalidState', current: stateOf(row) };
    const updated = await writeGroup(tx, row, {
      status: 'returned',
      returnedBy: actor.id,
      returnedAt: new Date(),
      returnRemark: remark,
      approvedBy: null,
      approvedAt: null,
    });
    await syncOpinionStatus(tx, row.id, 'drafted', actor.id);
    await audit(tx, actor, 'response_group.returned', row, updated, ipHash);
    return { ok: true, group: stateOf(updated) };
  });
}

/** Dissolves a group that is not approved; its opinions can be grouped again. */
export async function deleteResponseGroup(db: Db, actor: StaffActor, input: { groupId: number; version: number }, ipHash: Ip = null): Promise<GroupResult> {
  assertPermission(actor, 'response.draft');
  return withGroup(db, actor, input.groupId, input.version, async (tx, row) => {
    if (row.status === 'approved') return { ok: false, error: 'invalidState', current: stateOf(row) };
    const members = await tx
      .delete(responseGroupMembers)
      .where(eq(responseGroupMembers.groupId, row.id))
      .returning({ opinionId: responseGroupMembers.opinionId });
    const ids = members.map((m) => m.opinionId);
    if (ids.length > 0) {
      await tx
        .update(opinions)
        .set({ status: 'classified', version: sql`${opinions.version} + 1`, updatedAt: new Date(), updatedBy: actor.id })
        .where(and(inArray(opinions.id, ids), inArray(opinions.status, ['drafted', 'approved'])));
    }
    await tx.delete(responseGroups).where(eq(responseGroups.id, row.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'response_group.deleted',
      targetType: 'response_group',
      targetId: row.id,
      before: { ...stateOf(row), opinionIds: ids },
      ipHash,
    });
    return { ok: true, group: stateOf(row) };
  });
}
