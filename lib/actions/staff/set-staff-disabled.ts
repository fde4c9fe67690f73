'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { setStaffDisabled } from '@/lib/data/staff-accounts';
import { setDisabledSchema } from '@/lib/validation/staff-accounts';

export const setStaffDisabledAction = withStaffAction('staff.manage', setDisabledSchema, async (input, actor, { db, ipHash }) => {
  const result = await setStaffDisabled(db, actor, input.userId, input.disabled, ipHash);
  if (!result.ok) return { status: 'error', formError: result.error === 'lastAdmin' ? 'staffErrors.lastAdmin' : 'staffErrors.unknownStaff' };
  return { status: 'ok', message: input.disabled ? 'staffUsers.disabledDone' : 'staffUsers.enabledDone' };
});
