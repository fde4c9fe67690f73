'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { updateOpinion, type OpinionView } from '@/lib/data/triage/opinions';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { translateTriage } from '@/lib/i18n/triage';
import { redirect } from 'next/navigation';
import { isSubmissionPath, opinionFormSchema } from '@/lib/validation/triage';
import { consultationOfForm, revalidateTriage } from '../triage-context';
import { itemLabelIn } from '@/lib/format/item-label';

/** The other person's saved values, as the conflict message lists them. */
function describe(current: OpinionView, labels: { item: (n: number | null) => string; category: (c: string | null) => string }): string[] {
  const flags = (['spam', 'outOfScope', 'thirdPartyPersonalData', 'hidden'] as const).filter((f) => current[f]).map((f) => translateTriage(`flags.${f}`));
  return [
    `${translateTriage('fieldItem')}：${labels.item(current.itemNumber)}`,
    `${translateTriage('fieldSummary')}：${current.summary || translateTriage('none')}`,
    `${translateTriage('fieldCategory')}：${labels.category(current.categoryCode)}`,
    `${translateTriage('fieldStatus')}：${translateTriage(`statuses.${current.status}`)}`,
    `${translateTriage('fieldDepartment')}：${current.department || translateTriage('none')}`,
    `${translateTriage('fieldFlags')}：${flags.join('・') || translateTriage('none')}${current.moderationReason ? `（${current.moderationReason}）` : ''}`,
  ];
}

export const updateOpinionAction = withStaffAction('submission.triage', opinionFormSchema, async (input, actor, { db, ipHash }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const result = await updateOpinion(
    db,
    actor,
    {
      consultationId: consultation.id,
      id: input.id,
      version: input.version,
      changes: {
        itemNumber: input.itemNumber === '' ? null : Number(input.itemNumber),
        summary: input.summary ?? '',
        categoryCode: input.categoryCode === '' ? null : input.categoryCode,
        status: input.status,
        department: input.department ? input.department : null,
        spam: input.spam,
        outOfScope: input.outOfScope,
        thirdPartyPersonalData: input.thirdPartyPersonalData,
        hidden: input.hidden,
        moderationReason: input.moderationReason ? input.moderationReason : null,
      },
    },
    ipHash,
  );
  revalidateTriage(consultation.slug);
  // Save and go to next: only to a submission page of this case (never a URL the form names).
  if (result.ok && input.then === 'next' && input.next && isSubmissionPath(consultation.slug, input.next)) redirect(input.next);
  if (result.ok) return { status: 'ok', message: 'triage.saved' };
  if (result.error === 'notFound') return { status: 'error', formError: 'triageErrors.notFound' };
  if (result.error === 'invalid') return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { [result.field]: [result.field === 'itemNumber' ? 'triageErrors.itemUnknown' : 'triageErrors.categoryUnknown'] } };
  const itemLabel = (n: number | null) => itemLabelIn(consultation.items, n);
  const categoryLabel = (c: string | null) => {
    if (c === null) return translateTriage('unclassified');
    const found = consultation.categories.find((x) => x.code === c);
    return found ? `${found.code} ${found.label}` : c;
  };
  return {
    status: 'error',
    formError: 'triage.conflictTitle',
    details: [
      translateTriage('conflictBody', { who: result.updatedByName ?? translateTriage('conflictSomeone'), at: formatJapaneseDateTime(new Date(result.current.updatedAt)) }),
      ...describe(result.current, { item: itemLabel, category: categoryLabel }),
    ],
  };
});
