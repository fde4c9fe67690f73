'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { publishResults } from '@/lib/data/results/publish';
import { revalidatePublishedResult } from '@/lib/data/results/public-reads';
import { publishSchema } from '@/lib/validation/results';

export const publishResultsAction = withStaffAction('result.publish', publishSchema, async (input, actor, { db, ipHash }) => {
  const result = await publishResults(db, actor, { consultationId: input.consultationId }, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePublishedResult(result.slug);
  revalidatePath(`/staff/consultations/${input.slug}/responses`);
  return { status: 'ok', message: 'staffResponses.done.published' };
});
