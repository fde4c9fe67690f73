'use server';

import { revalidatePath } from 'next/cache';
import { withStaffAction } from '@/lib/auth/staff-action';
import { publishResults } from '@/lib/data/results/publish';
import { findCaseInScope } from '@/lib/data/departments/scope';
import { clearPageCache } from '@/lib/page-cache';
import { publishSchema } from '@/lib/validation/results';
import { createTranslator } from 'next-intl';
import messages from '@/messages/ja.json';

const translateResponses = createTranslator({ locale: 'ja', messages, namespace: 'staffResponses' });
const translateAnalysis = createTranslator({ locale: 'ja', messages, namespace: 'analysis' });

export const publishResultsAction = withStaffAction('result.publish', publishSchema, async (input, actor, { db, ipHash }) => {
  const consultationId = await findCaseInScope(db, actor, input.consultation);
  if (consultationId === null) return { status: 'error', formError: 'staffResponses.errors.notFound' };
  const result = await publishResults(db, actor, { consultationId }, ipHash);
  if (!result.ok && result.error === 'unreviewedPersonalData') {
    return {
      status: 'error',
      formError: 'staffResponses.errors.unreviewedPersonalData',
      details: result.opinions.map((o) => translateResponses('unreviewedOpinion', { receipt: o.receiptNumber, id: o.opinionId, kinds: o.kinds.map((k) => translateAnalysis(`personalKinds.${k}` as 'personalKinds.name')).join('・') })),
    };
  }
  if (!result.ok) return { status: 'error', formError: `staffResponses.errors.${result.error}` };
  // The public page, on this instance at once; other instances within PAGE_CACHE_SECONDS.
  clearPageCache();
  revalidatePath(`/staff/consultations/${input.consultation}/responses`);
  return { status: 'ok', message: 'staffResponses.done.published' };
});
