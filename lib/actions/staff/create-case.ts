'use server';

import { redirect } from 'next/navigation';
import { withStaffAction } from '@/lib/auth/staff-action';
import { createCase } from '@/lib/data/cases/manage';
import { caseFormSchema } from '@/lib/validation/case';
import { caseChanged } from '../case-context';
import { caseErrorMessage } from '../message-keys';

export const createCaseAction = withStaffAction('consultation.manage', caseFormSchema, async (input, actor, { db, ipHash }) => {
  const result = await createCase(db, actor, input, ipHash);
  if (!result.ok) return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: result.error === 'departmentRequired' ? { departmentId: ['caseErrors.departmentRequired'] } : { slug: [caseErrorMessage(result.error)] } };
  caseChanged(result.slug);
  redirect(`/staff/consultations/${result.slug}/settings?created=1`);
});
