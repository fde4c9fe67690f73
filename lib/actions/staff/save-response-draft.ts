'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { saveResponseDraft } from '@/lib/data/results/groups';
import { draftSourceText } from '@/lib/data/results/templates';
import { saveDraftSchema } from '@/lib/validation/results';

/**
 * Saves 市の考え方 and 区分; with 挿入する, a template's text or another group's response is added
 * after what was typed (copied: a later edit of the template changes no draft), then saved.
 */
export const saveResponseDraftAction = withStaffAction('response.draft', saveDraftSchema, async (input, actor, { db, ipHash }) => {
  let response = input.response;
  if (input.intent === 'insert') {
    const text = input.source ? await draftSourceText(db, actor, input.groupId, input.source) : null;
    if (text === null) return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { source: ['staffResponses.errors.noSource'] } };
    response = response ? `${response}\n${text}` : text;
  }
  const result = await saveResponseDraft(db, actor, { ...input, response }, ipHash);
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  revalidatePath(`/staff/consultations/${input.consultation}/responses`);
  return { status: 'ok', message: input.intent === 'insert' ? 'staffResponses.done.inserted' : 'staffResponses.done.drafted' };
});
