'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { saveItemAmendment } from '@/lib/data/results/amendments';
import { findCaseInScope } from '@/lib/data/departments/scope';
import { amendmentSchema } from '@/lib/validation/results';

export const saveItemAmendmentAction = withStaffAction('response.draft', amendmentSchema, async (input, actor, { db, ipHash }) => {
  const consultationId = await findCaseInScope(db, actor, input.consultation);
  if (consultationId === null) return { status: 'error', formError: 'staffResponses.errors.unknownItem' };
  const result = await saveItemAmendment(db, actor, { ...input, consultationId }, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.consultation}/responses`);
  return { status: 'ok', message: 'staffResponses.done.amended' };
});
