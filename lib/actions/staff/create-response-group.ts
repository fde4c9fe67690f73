'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { createResponseGroup } from '@/lib/data/results/groups';
import { findCaseInScope } from '@/lib/data/departments/scope';
import { createGroupSchema } from '@/lib/validation/results';

export const createResponseGroupAction = withStaffAction('response.draft', createGroupSchema, async (input, actor, { db, ipHash }) => {
  const consultationId = await findCaseInScope(db, actor, input.consultation);
  if (consultationId === null) return { status: 'error', formError: 'staffResponses.errors.notFound' };
  const result = await createResponseGroup(db, actor, { consultationId, itemNumber: input.itemNumber, opinionIds: input.opinionIds }, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.consultation}/responses`);
  return { status: 'ok', message: 'staffResponses.done.created' };
});
