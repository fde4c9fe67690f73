import 'server-only';
import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations, resultPublications, revisionItems } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '../audit';
import { caseScope } from '../departments/scope';
import { forgetCommentFormContext } from '@/lib/submissions/form-context';
import { databaseNow } from './clock';
import { caseState, type CaseState } from './manage';

export type LifecycleError =
  | 'notFound'
  | 'wrongState'
  | 'noItems'
  | 'periodReversed'
  | 'closesInPast'
  | 'notLater';

export type LifecycleResult = { ok: true; state: CaseState } | { ok: false; error: LifecycleError; state?: CaseState };

type Change = (row: typeof consultations.$inferSelect, state: CaseState, now: Date, tx: Db) => Promise<
  { error: LifecycleError } | { set: Partial<typeof consultations.$inferInsert>; action: string; details?: Record<string, unknown> }
>;

/**
 * One lifecycle step in one transaction: the case row is locked (a submission's share lock
 * waits for it, and it for the submission), its state is read against the database clock,
 * the change is checked, written and audited.
 */
async function changeLifecycle(db: Db, actor: StaffActor, consultationId: number, ipHash: string | null, change: Change): Promise<LifecycleResult> {
  assertPermission(actor, 'consultation.manage');
  let slug: string | undefined;
  const result: LifecycleResult = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(consultations).where(and(eq(consultations.id, consultationId), caseScope(actor))).for('update');
    if (!row) return { ok: false, error: 'notFound' } as const;
    slug = row.slug;
    const now = await databaseNow(tx);
    const [published] = await tx.select({ n: count() }).from(resultPublications).where(eq(resultPublications.consultationId, row.id));
    const state = caseState(row, now, (published?.n ?? 0) > 0);
    const outcome = await change(row, state, now, tx);
    if ('error' in outcome) return { ok: false, error: outcome.error, state } as const;
    await tx.update(consultations).set({ ...outcome.set, updatedAt: sql`now()` }).where(eq(consultations.id, row.id));
    const next = { ...row, ...outcome.set } as typeof row;
    await recordAudit(tx, {
      actorId: actor.id,
      action: outcome.action,
      targetType: 'consultation',
      targetId: row.id,
      before: { state, opensAt: row.opensAt.toISOString(), closesAt: row.closesAt.toISOString() },
      after: { opensAt: next.opensAt.toISOString(), closesAt: next.closesAt.toISOString(), at: now.toISOString(), ...outcome.details },
      ipHash,
    });
    return { ok: true, state: caseState(next, now, false) } as const;
  });
  if (result.ok && slug) forgetCommentFormContext(slug);
  return result;
}

async function hasItems(tx: Db, consultationId: number): Promise<boolean> {
  const [row] = await tx.select({ n: count() }).from(revisionItems).where(eq(revisionItems.consultationId, consultationId));
  return (row?.n ?? 0) > 0;
}

/**
 * Sets the period of a draft or scheduled case and makes it public: it shows as upcoming until
 * `opensAt` (or opens at once when that has passed). The period must end after it starts and
 * after now.
 */
export function scheduleCase(db: Db, actor: StaffActor, consultationId: number, period: { opensAt: Date; closesAt: Date }, ipHash: string | null = null) {
  return changeLifecycle(db, actor, consultationId, ipHash, async (row, state, now, tx) => {
    if (state !== 'draft' && state !== 'scheduled') return { error: 'wrongState' };
    if (period.closesAt <= period.opensAt) return { error: 'periodReversed' };
    if (period.closesAt <= now) return { error: 'closesInPast' };
    if (!(await hasItems(tx, row.id))) return { error: 'noItems' };
    return { set: { draft: false, opensAt: period.opensAt, closesAt: period.closesAt }, action: 'consultation.scheduled' };
  });
}

/** Opens a scheduled case now (its planned start moves to the database's now). */
export function openCaseNow(db: Db, actor: StaffActor, consultationId: number, ipHash: string | null = null) {
  return changeLifecycle(db, actor, consultationId, ipHash, async (row, state, now) => {
    if (state !== 'scheduled') return { error: 'wrongState' };
    if (row.closesAt <= now) return { error: 'closesInPast' };
    return { set: { opensAt: now }, action: 'consultation.opened' };
  });
}

/** Moves the end of a scheduled or open case later (an extension). */
export function extendCase(db: Db, actor: StaffActor, consultationId: number, closesAt: Date, ipHash: string | null = null) {
  return changeLifecycle(db, actor, consultationId, ipHash, async (row, state) => {
    if (state !== 'open' && state !== 'scheduled') return { error: 'wrongState' };
    if (closesAt <= row.closesAt) return { error: 'notLater' };
    return { set: { closesAt }, action: 'consultation.extended', details: { previousClosesAt: row.closesAt.toISOString() } };
  });
}

/** Ends an open case now, with the reason residents read on the case page. */
export function closeCaseEarly(db: Db, actor: StaffActor, consultationId: number, reason: string, ipHash: string | null = null) {
  return changeLifecycle(db, actor, consultationId, ipHash, async (_row, state, now) => {
    if (state !== 'open') return { error: 'wrongState' };
    return { set: { closesAt: now, closedEarlyReason: reason }, action: 'consultation.closed_early', details: { reason } };
  });
}
