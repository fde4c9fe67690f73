'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { changeGroupMembers } from '@/lib/data/results/groups';
import { removeMemberSchema } from '@/lib/validation/results';

export const removeGroupMemberAction = withStaffAction('response.draft', removeMemberSchema, async (input, actor, { db, ipHash }) => {
  const result = await changeGroupMembers(db, actor, { groupId: input.groupId, version: input.version, remove: [input.opinionId] }, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.consultation}/responses`);
  return { status: 'ok', message: 'staffResponses.done.removed' };
});
