'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { classifyCampaign } from '@/lib/data/analysis/campaigns';
import { decideAnalysis } from '@/lib/data/analysis/decisions';
import { rerunAnalysis } from '@/lib/data/analysis/run';
import { campaignClassifyFormSchema, campaignDecisionFormSchema, itemSuggestionFormSchema, redactionFormSchema, rerunFormSchema } from '@/lib/validation/analysis';
import type { MessageKey } from '../message-keys';
import { consultationOfForm, revalidateTriage } from '../triage-context';


/** Accepts a suggested item: the opinion is filed under it, the decision stored with the person and the suggestion's provenance. */
export const acceptItemSuggestionAction = withStaffAction('submission.triage', itemSuggestionFormSchema, async (input, actor, { db }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const result = await decideAnalysis(db, actor, consultation.id, { kind: 'item-accept', opinionId: input.opinionId, itemNumber: input.itemNumber, version: input.version });
  revalidateTriage(consultation.slug);
  if (result.ok) return { status: 'ok', message: 'analysis.itemAccepted' };
  return { status: 'error', formError: result.error === 'conflict' ? 'triageErrors.conflict' : result.error === 'notFound' ? 'triageErrors.notFound' : 'triageErrors.itemUnknown' };
});

/** Accepts or rejects one proposed personal-data span. */
export const decideRedactionAction = withStaffAction('personal-data.read', redactionFormSchema, async (input, actor, { db }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const result = await decideAnalysis(db, actor, consultation.id, { kind: 'redaction', opinionId: input.opinionId, start: input.start, end: input.end, accepted: input.decision === 'accept' });
  revalidateTriage(consultation.slug);
  if (result.ok) return { status: 'ok', message: input.decision === 'accept' ? 'analysis.redactionAccepted' : 'analysis.redactionRejected' };
  return { status: 'error', formError: result.error === 'notFound' ? 'triageErrors.notFound' : 'analysis.errors.span' };
});

const CAMPAIGN_DONE: Record<'confirm' | 'dissolve' | 'split', MessageKey> = { confirm: 'analysis.campaign.confirmed', dissolve: 'analysis.campaign.dissolved', split: 'analysis.campaign.splitDone' };

/** Confirms or dissolves a campaign group, or splits one member off it (kept across re-runs). */
export const decideCampaignAction = withStaffAction('submission.triage', campaignDecisionFormSchema, async (input, actor, { db }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  if (input.decision === 'split' && !input.opinionId) return { status: 'error', formError: 'analysis.errors.decision' };
  const result =
    input.decision === 'split'
      ? await decideAnalysis(db, actor, consultation.id, { kind: 'campaign-split', group: input.group, opinionId: input.opinionId! })
      : await decideAnalysis(db, actor, consultation.id, { kind: input.decision === 'confirm' ? 'campaign-confirm' : 'campaign-dissolve', group: input.group });
  revalidateTriage(consultation.slug);
  if (result.ok) return { status: 'ok', message: CAMPAIGN_DONE[input.decision] };
  return { status: 'error', formError: 'analysis.errors.campaignGone' };
});

/** Classifies every member of a campaign group at once. */
export const classifyCampaignAction = withStaffAction('submission.triage', campaignClassifyFormSchema, async (input, actor, { db, ipHash }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const result = await classifyCampaign(
    db,
    actor,
    {
      consultationId: consultation.id,
      group: input.group,
      version: input.version,
      change: { itemNumber: input.itemNumber === '' ? null : Number(input.itemNumber), summary: input.summary, categoryCode: input.categoryCode === '' ? null : input.categoryCode, status: input.status },
    },
    ipHash,
  );
  revalidateTriage(consultation.slug);
  if (result.ok) return { status: 'ok', message: 'triage.bulkDone', values: { count: result.updated } };
  if (result.error === 'notFound') return { status: 'error', formError: 'analysis.errors.campaignGone' };
  if (result.error === 'conflict') return { status: 'error', formError: 'triageErrors.conflict' };
  if (result.field === 'itemNumber') return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { itemNumber: ['triageErrors.itemUnknown'] } };
  if (result.field === 'categoryCode') return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: { categoryCode: ['triageErrors.categoryUnknown'] } };
  return { status: 'error', formError: 'triageErrors.noChange' };
});

/** Admins: analyses every opinion of the case again (staff decisions still apply), audited. */
export const rerunAnalysisAction = withStaffAction('analysis.rerun', rerunFormSchema, async (input, actor, { db }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const result = await rerunAnalysis(db, actor, consultation.id);
  if (!result) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  revalidateTriage(consultation.slug);
  return { status: 'ok', message: 'analysis.rerunDone', values: { count: result.opinions } };
});
