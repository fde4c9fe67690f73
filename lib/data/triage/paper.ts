import 'server-only';
import type { Db } from '@/db/client';
import { and, eq } from 'drizzle-orm';
import { consultations } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { DEFAULT_LOCALE } from '@/lib/i18n/locales';
import { insertSubmission, withFreshReceiptNumber } from '@/lib/submissions/insert';
import { commentErrorKeys, commentSchema, type CommentErrorKey } from '@/lib/validation/comment';
import type { CommentFormSettings } from '@/db/schema/comment-form-settings';
import type { PAPER_CHANNELS } from '@/lib/validation/triage';
import { recordAudit } from '../audit';
import { caseInScope, caseScope } from '../departments/scope';

export type PaperSubmissionInput = {
  channel: (typeof PAPER_CHANNELS)[number];
  /** The day it reached the city (YYYY-MM-DD, a day in Japan). */
  receivedOn: string;
  /** The comment in the web form's shape; checked by the same schema. */
  comment: unknown;
};

export type PaperSubmissionResult =
  | { ok: true; submissionId: number; receiptNumber: string; late: boolean }
  | { ok: false; error: 'validation'; fields: Record<string, CommentErrorKey> }
  | { ok: false; error: 'notFound' };

/** The case's form settings (its 区分 list and required fields), for paper entry; null outside the actor's departments. */
export async function paperFormSettings(db: Db, actor: StaffActor, consultationId: number): Promise<CommentFormSettings | null> {
  assertPermission(actor, 'submission.triage');
  const [row] = await db.select({ formSettings: consultations.formSettings }).from(consultations).where(and(eq(consultations.id, consultationId), caseScope(actor)));
  return row?.formSettings ?? null;
}

/** The comment's errors by field path (none: {}), with the web form's schema. */
export function paperCommentErrors(consultation: { settings: CommentFormSettings; itemNumbers: number[] }, comment: unknown): Record<string, CommentErrorKey> {
  const parsed = commentSchema({ settings: consultation.settings, itemNumbers: consultation.itemNumbers }).safeParse(comment);
  return parsed.success ? {} : commentErrorKeys(parsed.error.issues);
}

/**
 * Staff enter a submission received by post, FAX, e-mail or in person. The same schema as the
 * web form checks it (the resident's consent is implied by sending it). One received after the
 * period closed is stored and flagged as late (the view and the inbox show it), never refused
 * or dropped: whether it is considered is the city's decision, on the record.
 */
export async function enterPaperSubmission(
  db: Db,
  actor: StaffActor,
  consultation: { id: number; closesAt: Date; settings: CommentFormSettings; itemNumbers: number[] },
  input: PaperSubmissionInput,
  ipHash: string | null = null,
): Promise<PaperSubmissionResult> {
  assertPermission(actor, 'submission.triage');
  const parsed = commentSchema({ settings: consultation.settings, itemNumbers: consultation.itemNumbers }).safeParse(input.comment);
  if (!parsed.success) return { ok: false, error: 'validation', fields: commentErrorKeys(parsed.error.issues) };
  const comment = parsed.data;
  // Noon in Japan: the day stays the same in every time zone staff might read it in.
  const receivedAt = new Date(`${input.receivedOn}T12:00:00+09:00`);
  const late = receivedAt >= consultation.closesAt;

  // The one insert path of every channel (lib/submissions/insert.ts), inside this transaction
  // with the scope check and the audit row; a receipt number drawn twice runs it again.
  return withFreshReceiptNumber((receiptNumber) =>
    db.transaction(async (tx) => {
      if (!(await caseInScope(tx, actor, consultation.id))) return { ok: false, error: 'notFound' } as const;
      const submissionId = await insertSubmission(
        tx,
        {
          consultationId: consultation.id,
          receiptNumber,
          channel: input.channel,
          submitter: {
            name: comment.submitter.name,
            address: comment.submitter.address,
            category: comment.submitter.category ?? null,
            email: comment.submitter.email ?? null,
          },
          opinions: comment.opinions,
          idempotencyKey: null,
          ipHash: null,
          locale: DEFAULT_LOCALE,
          mail: null,
        },
        receivedAt,
      );
      // No personal data in the audit row: the submission row holds it, behind the permission.
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'submission.entered',
        targetType: 'submission',
        targetId: submissionId,
        after: { channel: input.channel, receivedOn: input.receivedOn, late, opinions: comment.opinions.length, receiptNumber },
        ipHash,
      });
      return { ok: true, submissionId, receiptNumber, late } as const;
    }),
  );
}
