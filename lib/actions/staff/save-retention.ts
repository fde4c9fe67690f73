'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { saveRetention } from '@/lib/retention/retention';
import { retentionFormSchema } from '@/lib/validation/retention';

export const saveRetentionAction = withStaffAction('personal-data.erase', retentionFormSchema, async (input, actor, { db, ipHash }) => {
  const result = await saveRetention(db, actor, { slug: input.consultation, retentionDays: input.retentionDays, version: input.version }, ipHash);
  if (!result.ok) return { status: 'error', formError: result.error === 'conflict' ? 'retention.conflict' : 'triageErrors.consultationUnknown' };
  revalidatePath(`/staff/consultations/${input.consultation}/retention`);
  return { status: 'ok', message: 'retention.saved' };
});
