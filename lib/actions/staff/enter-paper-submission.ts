'use server';

import { z } from '@/lib/validation/zod';
import { withStaffAction } from '@/lib/auth/staff-action';
import { enterPaperSubmission, paperCommentErrors, paperFormSettings } from '@/lib/data/triage/paper';
import { PAPER_OPINION_ROWS, paperMetaSchema } from '@/lib/validation/triage';
import { commentErrorMessage, schemaFieldErrors, type CommentErrorCode, type MessageKey } from '../message-keys';
import { consultationOfForm, revalidateTriage } from '../triage-context';

const paperFormSchema = z.object({ consultation: z.string().min(1) }).catchall(z.string());

export const enterPaperSubmissionAction = withStaffAction('submission.triage', paperFormSchema, async (input, actor, { db, ipHash }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const settings = await paperFormSettings(db, actor, consultation.id);
  if (!settings) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const field = (name: string) => (typeof input[name] === 'string' ? (input[name] as string) : '');
  const fieldErrorsOf = (fields: Record<string, CommentErrorCode>) => {
    const fieldErrors: Record<string, MessageKey[]> = {};
    for (const [path, key] of Object.entries(fields)) {
      const opinion = /^opinions\.(\d+)\.(itemNumber|text)$/.exec(path);
      const name = opinion
        ? `opinion-${rows[Number(opinion[1])]!.row}-${opinion[2] === 'text' ? 'text' : 'item'}`
        : path === 'opinions'
          ? 'opinion-0-text'
          : path.replace(/^submitter\./, '');
      fieldErrors[name] ??= [commentErrorMessage(key)];
    }
    return fieldErrors;
  };
  // Rows left empty are not opinions; the rest keep their row number for the error messages.
  const rows = Array.from({ length: PAPER_OPINION_ROWS }, (_, row) => ({ row, item: field(`opinion-${row}-item`), text: field(`opinion-${row}-text`) })).filter(
    (r) => r.text.trim() !== '',
  );
  const comment = {
    submitter: { name: field('name'), address: field('address'), category: field('category'), email: field('email') },
    opinions: rows.map((r) => ({ itemNumber: r.item === '' ? null : Number(r.item), text: r.text })),
    consent: true,
  };
  // Channel and date are checked with the comment, so every error shows at once.
  const meta = paperMetaSchema.safeParse(input);
  const metaErrors = meta.success ? {} : schemaFieldErrors(z.flattenError(meta.error).fieldErrors);
  if (!meta.success) {
    const check = paperCommentErrors({ settings, itemNumbers: consultation.items.map((i) => i.number) }, comment);
    return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { ...metaErrors, ...fieldErrorsOf(check) } };
  }
  const result = await enterPaperSubmission(
    db,
    actor,
    { id: consultation.id, closesAt: consultation.closesAt, settings, itemNumbers: consultation.items.map((i) => i.number) },
    { channel: meta.data.channel, receivedOn: meta.data.receivedOn, comment },
    ipHash,
  );
  if (!result.ok) {
    if (result.error === 'notFound') return { status: 'error', formError: 'triageErrors.consultationUnknown' };
    return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: fieldErrorsOf(result.fields) };
  }
  revalidateTriage(consultation.slug);
  return {
    status: 'ok',
    message: result.late ? 'triage.paperSavedLate' : 'triage.paperSaved',
    values: { receiptNumber: result.receiptNumber },
    link: { href: `/staff/consultations/${consultation.slug}/submissions/${result.submissionId}`, label: 'triagePaper.open' },
  };
});
