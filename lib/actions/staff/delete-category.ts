'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { deleteCategory } from '@/lib/data/triage/categories';
import { deleteCategorySchema } from '@/lib/validation/triage';
import { consultationOfForm, revalidateTriage } from '../triage-context';

export const deleteCategoryAction = withStaffAction('category.manage', deleteCategorySchema, async (input, actor, { db, ipHash }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const result = await deleteCategory(db, actor, { consultationId: consultation.id, code: input.code }, ipHash);
  revalidateTriage(consultation.slug);
  if (!result.ok) return { status: 'error', formError: result.error === 'inUse' ? 'triageErrors.categoryInUse' : 'triageErrors.consultationUnknown' };
  return { status: 'ok', message: 'triageCategories.deleted' };
});
