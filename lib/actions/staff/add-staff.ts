'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { addStaff } from '@/lib/data/staff-accounts';
import { addStaffSchema } from '@/lib/validation/staff-accounts';

export const addStaffAction = withStaffAction('staff.manage', addStaffSchema, async (input, actor, { db, ipHash }) => {
  const result = await addStaff(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: 'staffErrors.emailTaken', fieldErrors: { email: ['staffErrors.emailTaken'] } };
  return { status: 'ok', message: 'staffUsers.added' };
});
