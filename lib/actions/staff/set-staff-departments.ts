'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { setStaffDepartments } from '@/lib/data/departments/departments';
import { staffDepartmentsSchema } from '@/lib/validation/staff-accounts';

export const setStaffDepartmentsAction = withStaffAction('staff.manage', staffDepartmentsSchema, async (input, actor, { db, ipHash }) => {
  const result = await setStaffDepartments(db, actor, input.userId, input.departmentIds, ipHash);
  if (!result.ok) return { status: 'error', formError: result.error === 'notFound' ? 'staffErrors.unknownStaff' : 'staffErrors.unknownDepartment' };
  return { status: 'ok', message: 'staffUsers.departmentsSaved' };
});
