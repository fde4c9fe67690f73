'use server';

import { redirect } from 'next/navigation';
import { withStaffAction } from '@/lib/auth/staff-action';
import { updateCase } from '@/lib/data/cases/manage';
import { caseFormSchema } from '@/lib/validation/case';
import { caseChanged } from '../case-context';
import { caseErrorMessage } from '../message-keys';

export const updateCaseAction = withStaffAction('consultation.manage', caseFormSchema, async (input, actor, { db, ipHash }) => {
  const current = input.consultation ?? '';
  const result = await updateCase(db, actor, current, input, ipHash);
  if (!result.ok) {
    if (result.error === 'notFound') return { status: 'error', formError: 'caseErrors.notFound' };
    return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: result.error === 'departmentRequired' ? { departmentId: ['caseErrors.departmentRequired'] } : { slug: [caseErrorMessage(result.error)] } };
  }
  caseChanged(current, result.slug);
  if (result.slug !== current) redirect(`/staff/consultations/${result.slug}/settings`);
  return { status: 'ok', message: 'caseAdmin.saved' };
});
