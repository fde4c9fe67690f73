'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { decideErasure } from '@/lib/retention/requests';
import { erasureDecisionSchema } from '@/lib/validation/retention';

const ERRORS = { 'notFound': 'retention.requestUnknown', 'notOpen': 'retention.requestClosed', 'ownRequest': 'retention.ownRequest' } as const;

export const decideErasureAction = withStaffAction('personal-data.erase', erasureDecisionSchema, async (input, actor, { db, ipHash }) => {
  const result = await decideErasure(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: ERRORS[result.error] };
  revalidatePath('/staff/personal-data');
  return { status: 'ok', message: input.decision === 'approve' ? 'retention.approved' : 'retention.rejected' };
});
