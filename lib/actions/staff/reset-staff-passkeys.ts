'use server';

import { z } from '@/lib/validation/zod';
import { resetStaffPasskeys } from '@/lib/auth/passkeys/reset';
import { withStaffAction } from '@/lib/auth/staff-action';
import { staffIdSchema } from '@/lib/validation/staff-accounts';

export const resetStaffPasskeysAction = withStaffAction('staff.manage', z.object({ userId: staffIdSchema }), async (input, actor, { db, ipHash }) => {
  const result = await resetStaffPasskeys(db, actor, input.userId, ipHash);
  if (!result.ok) return { status: 'error', formError: result.error === 'own' ? 'staffPasskey.resetOwn' : 'staffErrors.unknownStaff' };
  return { status: 'ok', message: 'staffPasskey.resetDone' };
});
