'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { campaignSelections } from '@/lib/data/analysis/campaigns';
import { bulkUpdateOpinions } from '@/lib/data/triage/opinions';
import { translateTriage } from '@/lib/i18n/triage';
import { bulkFormSchema } from '@/lib/validation/triage';
import { consultationOfForm, revalidateTriage } from '../triage-context';

export const bulkUpdateOpinionsAction = withStaffAction('submission.triage', bulkFormSchema, async (input, actor, { db, ipHash }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const selections = [...input.selections, ...(await campaignSelections(db, consultation.id, input.groups))];
  const result = await bulkUpdateOpinions(
    db,
    actor,
    {
      consultationId: consultation.id,
      selections,
      change: { categoryCode: input.categoryCode, status: input.status, department: input.department, flag: input.flag, moderationReason: input.moderationReason },
    },
    ipHash,
  );
  revalidateTriage(consultation.slug);
  if (result.ok) return { status: 'ok', message: 'triage.bulkDone', values: { count: result.updated } } as const;
  if (result.error === 'conflict') {
    return { status: 'error', formError: 'triageErrors.conflict', details: [translateTriage('bulkConflict', { count: result.conflicts.length, ids: result.conflicts.map((c) => c.id).join('、') })] };
  }
  if (result.error === 'notFound') return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  return { status: 'error', formError: result.field === 'categoryCode' ? 'triageErrors.categoryUnknown' : 'triageErrors.noChange' };
});
