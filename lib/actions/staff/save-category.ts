'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { saveCategory } from '@/lib/data/triage/categories';
import { categoryFormSchema } from '@/lib/validation/triage';
import { consultationOfForm, revalidateTriage } from '../triage-context';

export const saveCategoryAction = withStaffAction('category.manage', categoryFormSchema, async (input, actor, { db, ipHash }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  await saveCategory(db, actor, { consultationId: consultation.id, code: input.code.toUpperCase(), label: input.label, position: input.position }, ipHash);
  revalidateTriage(consultation.slug);
  return { status: 'ok', message: 'triageCategories.saved' };
});
