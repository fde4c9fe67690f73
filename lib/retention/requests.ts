import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultations, mailOutbox, personalDataRequests, submissionOpinions, submissions, users } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { erasePersonalData } from './erase';
import { caseScope } from '@/lib/data/departments/scope';

/** Everything held about one submission, as shown to staff and exported for the resident (開示). */
export type HeldPersonalData = {
  submissionId: number;
  receiptNumber: string;
  consultation: { slug: string; title: string };
  channel: string;
  receivedAt: string;
  submitter: { name: string; address: string; category: string | null; email: string | null };
  /** Whether an IP hash is stored (the hash itself tells the resident nothing). */
  ipHashHeld: boolean;
  erasedAt: string | null;
  opinions: { itemNumber: number | null; text: string }[];
  mails: { kind: string; recipient: string; subject: string; body: string; status: string; sentAt: string | null }[];
  requests: { id: number; reason: string; status: string; requestedBy: string; requestedByName: string; requestedAt: string; decidedBy: string | null; decidedAt: string | null }[];
};

async function loadHeld(db: Db, actor: StaffActor, receiptNumber: string): Promise<HeldPersonalData | null> {
  const [row] = await db
    .select({ s: submissions, slug: consultations.slug, title: consultations.title })
    .from(submissions)
    .innerJoin(consultations, eq(consultations.id, submissions.consultationId))
    .where(and(eq(submissions.receiptNumber, receiptNumber), caseScope(actor, submissions.consultationId)));
  if (!row) return null;
  const s = row.s;
  const [texts, mails, requests] = await Promise.all([
    db.select({ itemNumber: submissionOpinions.itemNumber, text: submissionOpinions.text }).from(submissionOpinions).where(eq(submissionOpinions.submissionId, s.id)).orderBy(asc(submissionOpinions.position)),
    db.select().from(mailOutbox).where(eq(mailOutbox.submissionId, s.id)).orderBy(asc(mailOutbox.id)),
    db
      .select({ r: personalDataRequests, name: users.name, email: users.email })
      .from(personalDataRequests)
      .leftJoin(users, eq(users.id, personalDataRequests.requestedBy))
      .where(eq(personalDataRequests.submissionId, s.id))
      .orderBy(desc(personalDataRequests.id)),
  ]);
  return {
    submissionId: s.id,
    receiptNumber: s.receiptNumber,
    consultation: { slug: row.slug, title: row.title },
    channel: s.channel,
    receivedAt: s.receivedAt.toISOString(),
    submitter: { name: s.submitterName, address: s.submitterAddress, category: s.submitterCategory, email: s.submitterEmail },
    ipHashHeld: s.ipHash !== null,
    erasedAt: s.personalDataErasedAt?.toISOString() ?? null,
    opinions: texts,
    mails: mails.map((m) => ({ kind: m.kind, recipient: m.recipient, subject: m.subject, body: m.body, status: m.status, sentAt: m.sentAt?.toISOString() ?? null })),
    requests: requests.map(({ r, name, email }) => ({
      id: r.id,
      reason: r.reason,
      status: r.status,
      requestedBy: r.requestedBy,
      requestedByName: name ?? email ?? r.requestedBy,
      requestedAt: r.requestedAt.toISOString(),
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * What is held about the submission with this receipt number (開示), for an admin handling a
 * resident's request; every look is audited, as is every export (`purpose`).
 */
export async function getHeldPersonalData(
  db: Db,
  actor: StaffActor,
  receiptNumber: string,
  purpose: 'viewed' | 'exported',
  ipHash: string | null,
): Promise<HeldPersonalData | null> {
  assertPermission(actor, 'personal-data.erase');
  const held = await loadHeld(db, actor, receiptNumber);
  if (held) await recordAudit(db, { actorId: actor.id, action: `personal_data.${purpose}`, targetType: 'submission', targetId: held.submissionId, ipHash });
  return held;
}

export type OpenErasureRequest = { id: number; receiptNumber: string; requestedByName: string; requestedBy: string; requestedAt: string };

/** Deletion requests waiting for a second admin. */
export async function listOpenErasureRequests(db: Db, actor: StaffActor): Promise<OpenErasureRequest[]> {
  assertPermission(actor, 'personal-data.erase');
  const rows = await db
    .select({ id: personalDataRequests.id, receiptNumber: submissions.receiptNumber, requestedBy: personalDataRequests.requestedBy, requestedAt: personalDataRequests.requestedAt, name: users.name, email: users.email })
    .from(personalDataRequests)
    .innerJoin(submissions, eq(submissions.id, personalDataRequests.submissionId))
    .leftJoin(users, eq(users.id, personalDataRequests.requestedBy))
    .where(and(eq(personalDataRequests.status, 'requested'), caseScope(actor, submissions.consultationId)))
    .orderBy(asc(personalDataRequests.requestedAt));
  return rows.map((r) => ({ id: r.id, receiptNumber: r.receiptNumber, requestedBy: r.requestedBy, requestedByName: r.name ?? r.email ?? r.requestedBy, requestedAt: r.requestedAt.toISOString() }));
}

export type ErasureRequestResult = { ok: true; requestId: number } | { ok: false; error: 'notFound' | 'alreadyErased' | 'alreadyRequested' };

/** Records a resident's deletion request (削除) for one submission; a second admin decides it. */
export async function requestErasure(db: Db, actor: StaffActor, input: { receiptNumber: string; reason: string }, ipHash: string | null): Promise<ErasureRequestResult> {
  assertPermission(actor, 'personal-data.erase');
  return db.transaction(async (tx) => {
    const [s] = await queryRows<{ id: number | string; erased: boolean }>(
      tx,
      sql`select id, personal_data_erased_at is not null as erased from ${submissions}
          where receipt_number = ${input.receiptNumber} and ${caseScope(actor, submissions.consultationId)} for update`,
    );
    if (!s) return { ok: false, error: 'notFound' } as const;
    if (s.erased) return { ok: false, error: 'alreadyErased' } as const;
    const [created] = await tx
      .insert(personalDataRequests)
      .values({ submissionId: Number(s.id), reason: input.reason, requestedBy: actor.id })
      .onConflictDoNothing()
      .returning({ id: personalDataRequests.id });
    if (!created) return { ok: false, error: 'alreadyRequested' } as const;
    // The reason is free text and may quote the resident: it stays on the request row, which
    // erasure clears (erase.ts), never in the append-only audit log.
    await recordAudit(tx, { actorId: actor.id, action: 'personal_data.erasure_requested', targetType: 'submission', targetId: Number(s.id), after: { requestId: created.id }, ipHash });
    return { ok: true, requestId: created.id } as const;
  });
}

export type ErasureDecisionResult = { ok: true; erased: boolean } | { ok: false; error: 'notFound' | 'notOpen' | 'ownRequest' };

/**
 * A second admin approves (the personal data is erased in the same transaction) or rejects a
 * deletion request. The admin who recorded it can never decide it (four eyes, as in 決裁).
 */
export async function decideErasure(
  db: Db,
  actor: StaffActor,
  input: { requestId: number; decision: 'approve' | 'reject' },
  ipHash: string | null,
  now = new Date(),
): Promise<ErasureDecisionResult> {
  assertPermission(actor, 'personal-data.erase');
  return db.transaction(async (tx) => {
    const [request] = await queryRows<{ id: number | string; submission_id: number | string; status: string; requested_by: string }>(
      tx,
      sql`select id, submission_id, status, requested_by from ${personalDataRequests}
          where id = ${input.requestId} and ${caseScope(actor, sql`(select s.consultation_id from submissions s where s.id = ${personalDataRequests.submissionId})`)} for update`,
    );
    if (!request) return { ok: false, error: 'notFound' } as const;
    if (request.status !== 'requested') return { ok: false, error: 'notOpen' } as const;
    if (request.requested_by === actor.id) return { ok: false, error: 'ownRequest' } as const;
    const approved = input.decision === 'approve';
    await tx
      .update(personalDataRequests)
      .set({ status: approved ? 'approved' : 'rejected', decidedBy: actor.id, decidedAt: now })
      .where(and(eq(personalDataRequests.id, Number(request.id)), eq(personalDataRequests.status, 'requested')));
    const erased = approved ? await erasePersonalData(tx, [Number(request.submission_id)], now) : { submissions: [], mails: 0 };
    await recordAudit(tx, {
      actorId: actor.id,
      action: approved ? 'personal_data.erasure_approved' : 'personal_data.erasure_rejected',
      targetType: 'submission',
      targetId: Number(request.submission_id),
      after: { requestId: Number(request.id), submissions: erased.submissions.length, mails: erased.mails },
      ipHash,
    });
    return { ok: true, erased: erased.submissions.length > 0 } as const;
  });
}
