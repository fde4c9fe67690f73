'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { createResponseGroup } from '@/lib/data/results/groups';
import { createGroupSchema } from '@/lib/validation/results';

export const createResponseGroupAction = withStaffAction('response.draft', createGroupSchema, async (input, actor, { db, ipHash }) => {
  const result = await createResponseGroup(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.slug}/responses`);
  return { status: 'ok', message: 'staffResponses.done.created' };
});
