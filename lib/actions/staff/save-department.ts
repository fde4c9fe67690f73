'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { createDepartment, renameDepartment } from '@/lib/data/departments/departments';
import { departmentSchema } from '@/lib/validation/staff-accounts';
import { caseChanged } from '../case-context';

/** Adds a department, or renames one (its cases show the new name). */
export const saveDepartmentAction = withStaffAction('staff.manage', departmentSchema, async (input, actor, { db, ipHash }) => {
  const result = input.id === undefined ? await createDepartment(db, actor, input.name, ipHash) : await renameDepartment(db, actor, input.id, input.name, ipHash);
  if (!result.ok) {
    if (result.error === 'exists') return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { name: ['staffErrors.departmentTaken'] } };
    return { status: 'error', formError: 'staffErrors.unknownDepartment' };
  }
  if (input.id !== undefined) caseChanged();
  return { status: 'ok', message: input.id === undefined ? 'staffUsers.departmentAdded' : 'staffUsers.departmentRenamed' };
});
