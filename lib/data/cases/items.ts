import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, count, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations, opinions, resultPublications, revisionItems, submissionOpinions, submissions, type RevisionItemContent } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { ITEM_UPSERT } from '@/db/seed/import-revision-table';
import { blocksToText, headingKind, type ParsedRevisionTable } from '@/db/seed/parse-revision-table';
import { textToBlocks } from '@/lib/cases/text-blocks';
import { isSlug } from '@/lib/validation/slug';
import { recordAudit } from '../audit';
import { databaseNow } from './clock';
import { caseState, type CaseState } from './manage';
import { caseScope } from '../departments/scope';

export type ItemField = 'page' | 'heading' | 'before' | 'after';
export type ItemChange = {
  number: number;
  kind: 'added' | 'removed' | 'changed' | 'unchanged';
  current: RevisionItemContent | null;
  incoming: RevisionItemContent | null;
  fields: ItemField[];
  /** Opinions already sent about this item (web and paper, as sent and as split by staff). */
  opinionCount: number;
};

export type ImportPlan = {
  state: CaseState;
  changes: ItemChange[];
  /** The current items' fingerprint: the import is stored only if nothing changed since this preview. */
  digest: string;
  /** Items with opinions that the file would remove: the import is refused while there are any. */
  blocked: number[];
};

/**
 * Why an import was refused. `confirmRequired`: the case is scheduled or open (residents can
 * see its items) and the import was not explicitly confirmed.
 */
export type ImportError = 'notFound' | 'wrongState' | 'stale' | 'commented' | 'confirmRequired';

const CONTENT_COLUMNS = {
  number: revisionItems.number,
  page: revisionItems.page,
  heading: revisionItems.heading,
  headingKind: revisionItems.headingKind,
  before: revisionItems.before,
  after: revisionItems.after,
  beforeText: revisionItems.beforeText,
  afterText: revisionItems.afterText,
};

async function lockedCase(tx: Db, actor: StaffActor, slug: string, lock: boolean) {
  if (!isSlug(slug)) return null;
  const query = tx.select().from(consultations).where(and(eq(consultations.slug, slug), caseScope(actor)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) return null;
  const [now, [published]] = await Promise.all([
    databaseNow(tx),
    tx.select({ n: count() }).from(resultPublications).where(eq(resultPublications.consultationId, row.id)),
  ]);
  return { row, state: caseState(row, now, (published?.n ?? 0) > 0) };
}

async function currentItems(tx: Db, consultationId: number): Promise<RevisionItemContent[]> {
  return tx.select(CONTENT_COLUMNS).from(revisionItems).where(eq(revisionItems.consultationId, consultationId)).orderBy(asc(revisionItems.number));
}

/** Opinions per item number, as residents sent them and as staff filed them after splitting. */
async function opinionCounts(tx: Db, consultationId: number): Promise<Map<number, number>> {
  const [sent, filed] = await Promise.all([
    tx
      .select({ number: submissionOpinions.itemNumber, n: count() })
      .from(submissionOpinions)
      .innerJoin(submissions, eq(submissions.id, submissionOpinions.submissionId))
      .where(and(eq(submissions.consultationId, consultationId), isNotNull(submissionOpinions.itemNumber)))
      .groupBy(submissionOpinions.itemNumber),
    tx
      .select({ number: opinions.itemNumber, n: count() })
      .from(opinions)
      .where(and(eq(opinions.consultationId, consultationId), isNotNull(opinions.itemNumber)))
      .groupBy(opinions.itemNumber),
  ]);
  const counts = new Map<number, number>();
  for (const row of [...sent, ...filed]) counts.set(row.number!, Math.max(counts.get(row.number!) ?? 0, row.n));
  return counts;
}

function digestOf(items: RevisionItemContent[]): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('hex');
}

function changedFields(a: RevisionItemContent, b: RevisionItemContent): ItemField[] {
  const fields: ItemField[] = [];
  if (a.page !== b.page) fields.push('page');
  if (a.heading !== b.heading) fields.push('heading');
  if (JSON.stringify(a.before) !== JSON.stringify(b.before)) fields.push('before');
  if (JSON.stringify(a.after) !== JSON.stringify(b.after)) fields.push('after');
  return fields;
}

function planChanges(current: RevisionItemContent[], incoming: RevisionItemContent[], counts: Map<number, number>): ItemChange[] {
  const byNumber = new Map(current.map((item) => [item.number, item]));
  const incomingNumbers = new Set(incoming.map((item) => item.number));
  const changes: ItemChange[] = incoming.map((item) => {
    const existing = byNumber.get(item.number) ?? null;
    const fields = existing ? changedFields(existing, item) : [];
    const kind = !existing ? 'added' : fields.length > 0 ? 'changed' : 'unchanged';
    return { number: item.number, kind, current: existing, incoming: item, fields, opinionCount: counts.get(item.number) ?? 0 };
  });
  for (const item of current) {
    if (!incomingNumbers.has(item.number)) {
      changes.push({ number: item.number, kind: 'removed', current: item, incoming: null, fields: [], opinionCount: counts.get(item.number) ?? 0 });
    }
  }
  return changes.sort((a, b) => a.number - b.number);
}

const IMPORTABLE: CaseState[] = ['draft', 'scheduled', 'open'];
/** States in which residents already see the items: an import needs an explicit confirmation. */
const LIVE: CaseState[] = ['scheduled', 'open'];

/**
 * What importing a parsed table into a case would change, item by item (nothing is written).
 * Items are matched by number, so items already commented on keep their number and opinions;
 * removing one of them is refused.
 */
export async function planItemImport(db: Db, actor: StaffActor, slug: string, table: ParsedRevisionTable): Promise<ImportPlan | { error: ImportError }> {
  assertPermission(actor, 'consultation.manage');
  const found = await lockedCase(db, actor, slug, false);
  if (!found) return { error: 'notFound' };
  if (!IMPORTABLE.includes(found.state)) return { error: 'wrongState' };
  const [current, counts] = await Promise.all([currentItems(db, found.row.id), opinionCounts(db, found.row.id)]);
  const changes = planChanges(current, table.items, counts);
  return {
    state: found.state,
    changes,
    digest: digestOf(current),
    blocked: changes.filter((c) => c.kind === 'removed' && c.opinionCount > 0).map((c) => c.number),
  };
}

/**
 * Stores a previewed import: only while the case is not closed, only if its items are still
 * those of the preview (`digest`), and never removing an item with opinions. Into a scheduled or
 * open case only with `confirmedLive`: the state is read here, under the case row's lock and by
 * the database clock, never taken from the form (a page opened while the case was a draft, or
 * a forged post, cannot change a live case unconfirmed). The overview is taken from the file
 * when the case has none yet.
 */
export async function commitItemImport(
  db: Db,
  actor: StaffActor,
  slug: string,
  table: ParsedRevisionTable,
  digest: string,
  { confirmedLive = false, ipHash = null }: { confirmedLive?: boolean; ipHash?: string | null } = {},
): Promise<{ ok: true; added: number; changed: number; removed: number } | { ok: false; error: ImportError }> {
  assertPermission(actor, 'consultation.manage');
  return db.transaction(async (tx) => {
    const found = await lockedCase(tx, actor, slug, true);
    if (!found) return { ok: false, error: 'notFound' } as const;
    if (!IMPORTABLE.includes(found.state)) return { ok: false, error: 'wrongState' } as const;
    if (LIVE.includes(found.state) && !confirmedLive) return { ok: false, error: 'confirmRequired' } as const;
    const current = await currentItems(tx, found.row.id);
    if (digestOf(current) !== digest) return { ok: false, error: 'stale' } as const;
    const changes = planChanges(current, table.items, await opinionCounts(tx, found.row.id));
    if (changes.some((c) => c.kind === 'removed' && c.opinionCount > 0)) return { ok: false, error: 'commented' } as const;
    const removed = changes.filter((c) => c.kind === 'removed').map((c) => c.number);
    for (const number of removed) {
      await tx.delete(revisionItems).where(and(eq(revisionItems.consultationId, found.row.id), eq(revisionItems.number, number)));
    }
    const written = changes.filter((c) => c.kind === 'added' || c.kind === 'changed');
    if (written.length > 0) {
      await tx
        .insert(revisionItems)
        .values(written.map((c) => ({ ...c.incoming!, consultationId: found.row.id })))
        .onConflictDoUpdate(ITEM_UPSERT);
    }
    if (found.row.overview.length === 0 && table.overview.length > 0) {
      await tx.update(consultations).set({ overview: table.overview, updatedAt: sql`now()` }).where(eq(consultations.id, found.row.id));
    }
    const summary = {
      added: changes.filter((c) => c.kind === 'added').length,
      changed: changes.filter((c) => c.kind === 'changed').length,
      removed: removed.length,
    };
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'consultation.items_imported',
      targetType: 'consultation',
      targetId: found.row.id,
      before: { state: found.state, itemCount: current.length },
      after: { ...summary, itemCount: table.items.length, changedNumbers: changes.filter((c) => c.kind !== 'unchanged').map((c) => c.number) },
      ipHash,
    });
    return { ok: true, ...summary } as const;
  });
}

export type ItemInput = { number?: number; page: number; heading: string; before: string; after: string };

function itemContent(number: number, input: ItemInput): RevisionItemContent {
  const before = textToBlocks(input.before);
  const after = textToBlocks(input.after);
  return { number, page: input.page, heading: input.heading, headingKind: headingKind(input.heading), before, after, beforeText: blocksToText(before), afterText: blocksToText(after) };
}

/** Edits one item of a draft case, or adds one after the last (no number). */
export async function saveDraftItem(db: Db, actor: StaffActor, slug: string, input: ItemInput, ipHash: string | null = null) {
  assertPermission(actor, 'consultation.manage');
  return db.transaction(async (tx) => {
    const found = await lockedCase(tx, actor, slug, true);
    if (!found) return { ok: false, error: 'notFound' } as const;
    if (found.state !== 'draft') return { ok: false, error: 'wrongState' } as const;
    const current = await currentItems(tx, found.row.id);
    const existing = input.number === undefined ? undefined : current.find((item) => item.number === input.number);
    if (input.number !== undefined && !existing) return { ok: false, error: 'notFound' } as const;
    const content = itemContent(existing?.number ?? current.length + 1, input);
    if (existing) {
      await tx
        .update(revisionItems)
        .set({ ...content, updatedAt: sql`now()` })
        .where(and(eq(revisionItems.consultationId, found.row.id), eq(revisionItems.number, content.number)));
    } else {
      await tx.insert(revisionItems).values({ ...content, consultationId: found.row.id });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: existing ? 'consultation.item_updated' : 'consultation.item_added',
      targetType: 'revision_item',
      targetId: `${found.row.id}:${content.number}`,
      before: existing ?? undefined,
      after: content,
      ipHash,
    });
    return { ok: true, number: content.number } as const;
  });
}

/** Removes one item of a draft case; the items after it move up one number (no one has commented yet). */
export async function removeDraftItem(db: Db, actor: StaffActor, slug: string, number: number, ipHash: string | null = null) {
  assertPermission(actor, 'consultation.manage');
  return db.transaction(async (tx) => {
    const found = await lockedCase(tx, actor, slug, true);
    if (!found) return { ok: false, error: 'notFound' } as const;
    if (found.state !== 'draft') return { ok: false, error: 'wrongState' } as const;
    const [removed] = await tx
      .delete(revisionItems)
      .where(and(eq(revisionItems.consultationId, found.row.id), eq(revisionItems.number, number)))
      .returning(CONTENT_COLUMNS);
    if (!removed) return { ok: false, error: 'notFound' } as const;
    // Two steps, so the unique (case, number) index never sees two rows with one number.
    const SHIFT = 1_000_000;
    await tx
      .update(revisionItems)
      .set({ number: sql`${revisionItems.number} + ${SHIFT}` })
      .where(and(eq(revisionItems.consultationId, found.row.id), gt(revisionItems.number, number)));
    await tx
      .update(revisionItems)
      .set({ number: sql`${revisionItems.number} - ${SHIFT + 1}` })
      .where(and(eq(revisionItems.consultationId, found.row.id), gt(revisionItems.number, SHIFT)));
    await recordAudit(tx, { actorId: actor.id, action: 'consultation.item_removed', targetType: 'revision_item', targetId: `${found.row.id}:${number}`, before: removed, ipHash });
    return { ok: true } as const;
  });
}
