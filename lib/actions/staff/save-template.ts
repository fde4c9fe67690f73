'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { roleHasPermission } from '@/lib/auth/permissions';
import { saveTemplate } from '@/lib/data/results/templates';
import { templateFormSchema } from '@/lib/validation/templates';
import { consultationOfForm } from '../triage-context';

/** Saves a 定型文 of the case, or of the city (those who approve responses only). */
export const saveTemplateAction = withStaffAction('response.draft', templateFormSchema, async (input, actor, { db, ipHash }) => {
  if (input.scope === 'city' && !roleHasPermission(actor.role, 'response.approve')) return { status: 'error', formError: 'staffTemplates.errors.cityDenied' };
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'staffTemplates.errors.notFound' };
  const result = await saveTemplate(db, actor, { ...input, consultationId: consultation.id }, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffTemplates.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.consultation}`, 'layout');
  return { status: 'ok', message: input.id ? 'staffTemplates.done.saved' : 'staffTemplates.done.created' };
});
