'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { saveDraftItem } from '@/lib/data/cases/items';
import { itemFormSchema } from '@/lib/validation/case';
import { caseChanged } from '../case-context';
import { caseErrorMessage } from '../message-keys';

export const saveItemAction = withStaffAction('consultation.manage', itemFormSchema, async (input, actor, { db, ipHash }) => {
  const result = await saveDraftItem(db, actor, input.consultation, input, ipHash);
  if (!result.ok) return { status: 'error', formError: caseErrorMessage(result.error) };
  caseChanged(input.consultation);
  return { status: 'ok', message: 'caseAdmin.itemSaved' };
});
