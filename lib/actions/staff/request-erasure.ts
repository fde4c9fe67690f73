'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { requestErasure } from '@/lib/retention/requests';
import { erasureRequestSchema } from '@/lib/validation/retention';

const ERRORS = { 'notFound': 'retention.receiptUnknown', 'alreadyErased': 'retention.alreadyErased', 'alreadyRequested': 'retention.alreadyRequested' } as const;

export const requestErasureAction = withStaffAction('personal-data.erase', erasureRequestSchema, async (input, actor, { db, ipHash }) => {
  const result = await requestErasure(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: ERRORS[result.error] };
  revalidatePath('/staff/personal-data');
  return { status: 'ok', message: 'retention.requested' };
});
