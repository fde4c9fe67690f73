import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { handlingCategories, opinions, revisionItems, users, type ModerationFlag, type Opinion, type OpinionStatus } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '../audit';
import { caseInScope, caseScope } from '../departments/scope';
import { ensureDefaultCategories } from './categories';
import { checkCoverage, codePointLength, type CoverageProblem } from './coverage';

/** What staff classify an opinion by; they change these alone or in bulk. */
export type OpinionClassification = {
  itemNumber: number | null;
  summary: string;
  categoryCode: string | null;
  status: OpinionStatus;
  department: string | null;
  spam: boolean;
  outOfScope: boolean;
  thirdPartyPersonalData: boolean;
  hidden: boolean;
  moderationReason: string | null;
};

/** What staff see and edit of an opinion. */
export type OpinionView = OpinionClassification & {
  id: number;
  submissionId: number;
  sourceId: number;
  startOffset: number;
  endOffset: number;
  text: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
};

export function toOpinionView(row: Opinion): OpinionView {
  return {
    id: row.id,
    submissionId: row.submissionId,
    sourceId: row.sourceId,
    startOffset: row.startOffset,
    endOffset: row.endOffset,
    text: row.text,
    itemNumber: row.itemNumber,
    summary: row.summary,
    categoryCode: row.categoryCode,
    status: row.status,
    department: row.department,
    spam: row.spam,
    outOfScope: row.outOfScope,
    thirdPartyPersonalData: row.thirdPartyPersonalData,
    hidden: row.hidden,
    moderationReason: row.moderationReason,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/** The fields staff change on an opinion (alone or in bulk). */
export type OpinionChanges = Partial<OpinionClassification>;

const CHANGE_KEYS = [
  'itemNumber', 'summary', 'categoryCode', 'status', 'department',
  'spam', 'outOfScope', 'thirdPartyPersonalData', 'hidden', 'moderationReason',
] as const satisfies readonly (keyof OpinionChanges)[];

/** Someone else saved first: the current row, and who that was. */
export type OpinionConflict = { ok: false; error: 'conflict'; current: OpinionView; updatedByName: string | null };
export type OpinionWriteResult =
  | { ok: true; opinion: OpinionView }
  | OpinionConflict
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; field: 'itemNumber' | 'categoryCode' };

/**
 * Every text a submission sent becomes one opinion holding the whole text. Call it inside the
 * transaction that stores the submission (web form, API, staff entry).
 */
export async function createInitialOpinions(tx: Db, submissionId: number): Promise<void> {
  await tx.execute(sql`
    insert into opinions (consultation_id, submission_id, source_id, start_offset, end_offset, text, item_number, channel, received_at)
    select s.consultation_id, s.id, so.id, 0, char_length(so.text), so.text, so.item_number, s.channel, s.received_at
    from submission_opinions so join submissions s on s.id = so.submission_id
    where s.id = ${submissionId}
    order by so.position`);
}

async function conflictOrMissing(db: Db, actor: StaffActor, id: number, consultationId: number): Promise<OpinionConflict | { ok: false; error: 'notFound' }> {
  const [current] = await db
    .select()
    .from(opinions)
    .where(and(eq(opinions.id, id), eq(opinions.consultationId, consultationId), caseScope(actor, opinions.consultationId)));
  if (!current) return { ok: false, error: 'notFound' };
  const [who] = current.updatedBy ? await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, current.updatedBy)) : [];
  return { ok: false, error: 'conflict', current: toOpinionView(current), updatedByName: who ? (who.name ?? who.email) : null };
}

/**
 * The opinion locked until the transaction ends, but only if it is still at the version the
 * page showed; undefined means someone else saved first (or it is gone).
 */
async function lockOpinionAtVersion(tx: Db, actor: StaffActor, input: { consultationId: number; id: number; version: number }) {
  const [row] = await tx
    .select()
    .from(opinions)
    .where(and(eq(opinions.id, input.id), eq(opinions.consultationId, input.consultationId), eq(opinions.version, input.version), caseScope(actor, opinions.consultationId)))
    .for('update');
  return row;
}

async function validateChanges(db: Db, consultationId: number, changes: OpinionChanges): Promise<'itemNumber' | 'categoryCode' | null> {
  if (changes.itemNumber !== undefined && changes.itemNumber !== null) {
    const [item] = await db
      .select({ id: revisionItems.id })
      .from(revisionItems)
      .where(and(eq(revisionItems.consultationId, consultationId), eq(revisionItems.number, changes.itemNumber)));
    if (!item) return 'itemNumber';
  }
  if (changes.categoryCode !== undefined && changes.categoryCode !== null) {
    await ensureDefaultCategories(db, consultationId);
    const [category] = await db
      .select({ id: handlingCategories.id })
      .from(handlingCategories)
      .where(and(eq(handlingCategories.consultationId, consultationId), eq(handlingCategories.code, changes.categoryCode)));
    if (!category) return 'categoryCode';
  }
  return null;
}

function pick(row: OpinionView, keys: readonly (keyof OpinionChanges)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

function changedKeys(changes: OpinionChanges): (keyof OpinionChanges)[] {
  return CHANGE_KEYS.filter((k) => changes[k] !== undefined);
}

/**
 * Saves changes to one opinion if nobody saved it since `version` was read; otherwise returns
 * the conflict with the current row, and nothing is written.
 */
export async function updateOpinion(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number; id: number; version: number; changes: OpinionChanges },
  ipHash: string | null = null,
): Promise<OpinionWriteResult> {
  assertPermission(actor, 'submission.triage');
  return db.transaction(async (tx) => {
    if (!(await caseInScope(tx, actor, input.consultationId))) return { ok: false, error: 'notFound' } as const;
    const invalid = await validateChanges(tx, input.consultationId, input.changes);
    if (invalid) return { ok: false, error: 'invalid', field: invalid } as const;
    const before = await lockOpinionAtVersion(tx, actor, input);
    if (!before) return conflictOrMissing(tx, actor, input.id, input.consultationId);
    const keys = changedKeys(input.changes).filter((k) => input.changes[k] !== before[k]);
    if (keys.length === 0) return { ok: true, opinion: toOpinionView(before) } as const;
    const [after] = await tx
      .update(opinions)
      .set({ ...input.changes, version: sql`${opinions.version} + 1`, updatedAt: sql`now()`, updatedBy: actor.id })
      .where(and(eq(opinions.id, input.id), eq(opinions.version, input.version)))
      .returning();
    if (!after) return conflictOrMissing(tx, actor, input.id, input.consultationId);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'opinion.updated',
      targetType: 'opinion',
      targetId: input.id,
      before: { ...pick(toOpinionView(before), keys), version: before.version },
      after: { ...pick(toOpinionView(after), keys), version: after.version },
      ipHash,
    });
    return { ok: true, opinion: toOpinionView(after) } as const;
  });
}

export type SplitResult =
  | { ok: true; opinions: OpinionView[] }
  | OpinionConflict
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'coverage'; problems: CoverageProblem[] };

/** The passage of one opinion of a case, the text a split is marked on; null when it is not there (or not the actor's department's). */
export async function opinionText(db: Db, actor: StaffActor, consultationId: number, id: number): Promise<string | null> {
  assertPermission(actor, 'submission.triage');
  const [row] = await db
    .select({ text: opinions.text })
    .from(opinions)
    .where(and(eq(opinions.id, id), eq(opinions.consultationId, consultationId), caseScope(actor, opinions.consultationId)));
  return row?.text ?? null;
}

/**
 * Replaces one opinion by several that together hold its passage, every character exactly
 * once, in order. `pieces` are the texts staff cut it into; if they do not join up to the
 * passage, nothing is written and the result says what was left out (or added) where.
 * The first piece keeps the opinion's id (and its history); the rest are new opinions that
 * start with the same item, category, status, department and flags.
 */
export async function splitOpinion(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number; id: number; version: number; pieces: string[] },
  ipHash: string | null = null,
): Promise<SplitResult> {
  assertPermission(actor, 'submission.triage');
  return db.transaction(async (tx) => {
    const before = await lockOpinionAtVersion(tx, actor, input);
    if (!before) return conflictOrMissing(tx, actor, input.id, input.consultationId);
    const coverage = checkCoverage(before.text, input.pieces);
    if (!coverage.ok) return { ok: false, error: 'coverage', problems: coverage.problems } as const;
    if (input.pieces.length === 1) return { ok: true, opinions: [toOpinionView(before)] } as const;

    const bounds = [0, ...coverage.cuts, codePointLength(before.text)].map((c) => before.startOffset + c);
    const [first] = await tx
      .update(opinions)
      .set({ text: input.pieces[0]!, endOffset: bounds[1]!, version: sql`${opinions.version} + 1`, updatedAt: sql`now()`, updatedBy: actor.id })
      .where(and(eq(opinions.id, before.id), eq(opinions.version, before.version)))
      .returning();
    const rest = await tx
      .insert(opinions)
      .values(
        input.pieces.slice(1).map((text, i) => ({
          consultationId: before.consultationId,
          submissionId: before.submissionId,
          sourceId: before.sourceId,
          startOffset: bounds[i + 1]!,
          endOffset: bounds[i + 2]!,
          text,
          itemNumber: before.itemNumber,
          summary: '',
          categoryCode: before.categoryCode,
          status: before.status,
          department: before.department,
          channel: before.channel,
          receivedAt: before.receivedAt,
          spam: before.spam,
          outOfScope: before.outOfScope,
          thirdPartyPersonalData: before.thirdPartyPersonalData,
          hidden: before.hidden,
          moderationReason: before.moderationReason,
          updatedBy: actor.id,
        })),
      )
      .returning();
    const pieces = [first!, ...rest].map(toOpinionView);
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'opinion.split',
      targetType: 'opinion',
      targetId: before.id,
      before: { startOffset: before.startOffset, endOffset: before.endOffset, version: before.version },
      after: { pieces: pieces.map((p) => ({ id: p.id, startOffset: p.startOffset, endOffset: p.endOffset })) },
      ipHash,
    });
    return { ok: true, opinions: pieces } as const;
  });
}

export type BulkChange = {
  /** A category's code; null: 未分類 (a campaign group classified as unclassified). Undefined or '': unchanged. */
  categoryCode?: string | null;
  status?: OpinionStatus;
  department?: string;
  /** Sets one moderation flag, or clears them all (and their reasons). */
  flag?: ModerationFlag | 'clear';
  /** With a flag: the reason for every selected opinion; left empty, each keeps its own. */
  moderationReason?: string;
  /** Set only when a campaign group is classified at once (lib/data/analysis/campaigns.ts). */
  itemNumber?: number | null;
  summary?: string;
};

export type BulkResult =
  | { ok: true; updated: number }
  | { ok: false; error: 'conflict'; conflicts: { id: number; version: number }[] }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'invalid'; field: 'itemNumber' | 'categoryCode' | 'selection' };

function bulkChanges(change: BulkChange): OpinionChanges {
  const changes: OpinionChanges = {};
  if (change.itemNumber !== undefined) changes.itemNumber = change.itemNumber;
  if (change.summary !== undefined) changes.summary = change.summary;
  if (change.categoryCode || change.categoryCode === null) changes.categoryCode = change.categoryCode;
  if (change.status) changes.status = change.status;
  if (change.department) changes.department = change.department;
  if (change.flag === 'clear') Object.assign(changes, { spam: false, outOfScope: false, thirdPartyPersonalData: false, hidden: false, moderationReason: null });
  // No reason typed: each opinion keeps the reason it had (a bulk flag never erases one).
  else if (change.flag) Object.assign(changes, { [change.flag]: true }, change.moderationReason ? { moderationReason: change.moderationReason } : {});
  return changes;
}

/**
 * Applies one change to many opinions, all or nothing: if any selected opinion was changed
 * since the page showed it, nothing is written and the conflicting ones are named.
 * One audit row per opinion, with its own before and after.
 */
export async function bulkUpdateOpinions(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number; selections: { id: number; version: number }[]; change: BulkChange },
  ipHash: string | null = null,
): Promise<BulkResult> {
  assertPermission(actor, 'submission.triage');
  const changes = bulkChanges(input.change);
  const keys = changedKeys(changes);
  if (input.selections.length === 0 || keys.length === 0) return { ok: false, error: 'invalid', field: 'selection' };
  return db.transaction(async (tx) => {
    if (!(await caseInScope(tx, actor, input.consultationId))) return { ok: false, error: 'notFound' } as const;
    const invalid = await validateChanges(tx, input.consultationId, changes);
    if (invalid) return { ok: false, error: 'invalid', field: invalid } as const;
    const ids = input.selections.map((s) => s.id);
    const rows = await tx
      .select()
      .from(opinions)
      .where(and(eq(opinions.consultationId, input.consultationId), inArray(opinions.id, ids), caseScope(actor, opinions.consultationId)))
      .orderBy(opinions.id)
      .for('update');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const conflicts = input.selections
      .filter((s) => byId.get(s.id)?.version !== s.version)
      .map((s) => ({ id: s.id, version: byId.get(s.id)?.version ?? 0 }));
    if (conflicts.length > 0) return { ok: false, error: 'conflict', conflicts } as const;
    const updated = await tx
      .update(opinions)
      .set({ ...changes, version: sql`${opinions.version} + 1`, updatedAt: sql`now()`, updatedBy: actor.id })
      .where(and(eq(opinions.consultationId, input.consultationId), inArray(opinions.id, ids)))
      .returning();
    for (const after of updated) {
      const before = toOpinionView(byId.get(after.id)!);
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'opinion.bulk_updated',
        targetType: 'opinion',
        targetId: after.id,
        before: { ...pick(before, keys), version: before.version },
        after: { ...pick(toOpinionView(after), keys), version: after.version },
        ipHash,
      });
    }
    return { ok: true, updated: updated.length } as const;
  });
}

/** Rows of a raw count query as numbers, whichever driver answered. */
export async function countRows(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, query);
  return Number(row?.n ?? 0);
}
