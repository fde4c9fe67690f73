'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { saveResponseDraft } from '@/lib/data/results/groups';
import { saveDraftSchema } from '@/lib/validation/results';

export const saveResponseDraftAction = withStaffAction('response.draft', saveDraftSchema, async (input, actor, { db, ipHash }) => {
  const result = await saveResponseDraft(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.slug}/responses`);
  return { status: 'ok', message: 'staffResponses.done.drafted' };
});
