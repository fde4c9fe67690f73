'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { removeCaseDocument } from '@/lib/data/cases/documents';
import { removeDocumentFormSchema } from '@/lib/validation/case';
import { caseChanged } from '../case-context';
import { caseErrorMessage } from '../message-keys';

export const removeDocumentAction = withStaffAction('consultation.manage', removeDocumentFormSchema, async (input, actor, { db, ipHash }) => {
  const result = await removeCaseDocument(db, actor, input.consultation, input.document, ipHash);
  if (!result.ok) return { status: 'error', formError: caseErrorMessage(result.error) };
  caseChanged(input.consultation);
  return { status: 'ok', message: 'caseAdmin.documentRemoved' };
});
