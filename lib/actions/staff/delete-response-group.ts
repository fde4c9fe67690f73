'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { deleteResponseGroup } from '@/lib/data/results/groups';
import { groupStepSchema } from '@/lib/validation/results';

export const deleteResponseGroupAction = withStaffAction('response.draft', groupStepSchema, async (input, actor, { db, ipHash }) => {
  const result = await deleteResponseGroup(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.consultation}/responses`);
  return { status: 'ok', message: 'staffResponses.done.deleted' };
});
