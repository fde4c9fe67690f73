'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { removeDraftItem } from '@/lib/data/cases/items';
import { removeItemFormSchema } from '@/lib/validation/case';
import { caseChanged } from '../case-context';
import { caseErrorMessage } from '../message-keys';

export const removeItemAction = withStaffAction('consultation.manage', removeItemFormSchema, async (input, actor, { db, ipHash }) => {
  const result = await removeDraftItem(db, actor, input.consultation, input.number, ipHash);
  if (!result.ok) return { status: 'error', formError: caseErrorMessage(result.error) };
  caseChanged(input.consultation);
  return { status: 'ok', message: 'caseAdmin.itemRemoved' };
});
