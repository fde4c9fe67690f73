'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { returnResponse } from '@/lib/data/results/groups';
import { returnSchema } from '@/lib/validation/results';

export const returnResponseAction = withStaffAction('response.approve', returnSchema, async (input, actor, { db, ipHash }) => {
  const result = await returnResponse(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.consultation}/responses`);
  return { status: 'ok', message: 'staffResponses.done.returned' };
});
