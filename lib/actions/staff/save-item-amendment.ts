'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { saveItemAmendment } from '@/lib/data/results/amendments';
import { amendmentSchema } from '@/lib/validation/results';

export const saveItemAmendmentAction = withStaffAction('response.draft', amendmentSchema, async (input, actor, { db, ipHash }) => {
  const result = await saveItemAmendment(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.slug}/responses`);
  return { status: 'ok', message: 'staffResponses.done.amended' };
});
