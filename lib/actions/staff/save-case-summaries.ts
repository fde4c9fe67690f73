'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { getCaseForStaff } from '@/lib/data/cases/manage';
import { saveCaseSummaries, type CaseSummaries } from '@/lib/data/cases/summaries';
import { LOCALES } from '@/lib/i18n/locales';
import { caseSummariesFormSchema, summaryField } from '@/lib/validation/case-summaries';
import { caseChanged } from '../case-context';

export const saveCaseSummariesAction = withStaffAction('consultation.manage', caseSummariesFormSchema, async (input, actor, { db, ipHash }) => {
  // The case as this member of staff may manage it (the same read as its settings page).
  const c = await getCaseForStaff(db, actor, input.consultation);
  if (!c) return { status: 'error', formError: 'caseErrors.notFound' };
  const summaries = Object.fromEntries(LOCALES.map((l) => [l, input[summaryField(l)]])) as CaseSummaries;
  const saved = await saveCaseSummaries(db, actor, c.id, summaries, ipHash);
  if (!saved.ok) return { status: 'error', formError: 'caseErrors.notFound' };
  caseChanged(c.slug);
  return { status: 'ok', message: 'caseAdmin.summariesSaved' };
});
