'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { changeStaffRole } from '@/lib/data/staff-accounts';
import { changeRoleSchema } from '@/lib/validation/staff-accounts';

export const changeStaffRoleAction = withStaffAction('staff.manage', changeRoleSchema, async (input, actor, { db, ipHash }) => {
  const result = await changeStaffRole(db, actor, input.userId, input.role, ipHash);
  if (!result.ok) return { status: 'error', formError: result.error === 'lastAdmin' ? 'staffErrors.lastAdmin' : 'staffErrors.unknownStaff' };
  return { status: 'ok', message: 'staffUsers.roleChanged' };
});
