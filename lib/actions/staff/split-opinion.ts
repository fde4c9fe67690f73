'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { piecesFromMarkedText } from '@/lib/data/triage/coverage';
import { opinionText, splitOpinion } from '@/lib/data/triage/opinions';
import { translateTriage } from '@/lib/i18n/triage';
import { textBefore } from '@/lib/text/split-marks';
import { splitFormSchema } from '@/lib/validation/triage';
import { consultationOfForm, revalidateTriage } from '../triage-context';

export const splitOpinionAction = withStaffAction('submission.triage', splitFormSchema, async (input, actor, { db, ipHash }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const text = await opinionText(db, actor, consultation.id, input.id);
  if (text === null) return { status: 'error', formError: 'triageErrors.notFound' };
  const pieces = piecesFromMarkedText(text, input.marked);
  if (pieces.length < 2) return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { marked: ['triage.splitNoMarker'] } };
  const result = await splitOpinion(db, actor, { consultationId: consultation.id, id: input.id, version: input.version, pieces }, ipHash);
  revalidateTriage(consultation.slug);
  if (result.ok) return { status: 'ok', message: 'triage.splitDone' };
  if (result.error === 'notFound') return { status: 'error', formError: 'triageErrors.notFound' };
  if (result.error === 'conflict') return { status: 'error', formError: 'triage.conflictTitle', details: [translateTriage('conflictBody', { who: result.updatedByName ?? translateTriage('conflictSomeone'), at: result.current.updatedAt })] };
  return {
    status: 'error',
    formError: 'staffCommon.fixErrors',
    fieldErrors: { marked: ['triageErrors.splitCoverage'] },
    // The place as a person finds it in the text: the words before it, not a character offset.
    details: result.problems.map((p) => {
      const before = textBefore(text, p.at);
      const place = before ? translateTriage('splitAfter', { before: before.replace(/\n/g, '↵') }) : translateTriage('splitAtStart');
      return translateTriage(p.kind === 'missing' ? 'splitMissing' : 'splitExtra', { place, text: p.text.replace(/\n/g, '↵') });
    }),
  };
});
