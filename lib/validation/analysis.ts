import { z } from '@/lib/validation/zod';
import { OPINION_STATUSES } from '@/db/schema/triage';
import { charCount, staffText } from './text';

const id = z.coerce.number().int().positive();
const clusterKey = z.string().regex(/^(?:\d+|general):\d+(?:\.\d+)?$/u, '分類の指定が正しくありません。');

/** One staff decision over the analysis; the same schema for the staff pages' actions and their server side. */
export const analysisDecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('item-accept'), opinionId: id, itemNumber: id, version: z.coerce.number().int().positive() }),
  z.object({ kind: z.literal('campaign-confirm'), group: id }),
  z.object({ kind: z.literal('campaign-dissolve'), group: id }),
  z.object({ kind: z.literal('campaign-split'), group: id, opinionId: id }),
  z.object({ kind: z.literal('cluster-rename'), cluster: clusterKey, label: z.string().trim().min(1, '名前を入力してください。').max(60, '60文字以内で入力してください。') }),
  z.object({ kind: z.literal('cluster-merge'), cluster: clusterKey, into: clusterKey }),
  z.object({ kind: z.literal('cluster-move'), opinionId: id, cluster: clusterKey }),
  z.object({
    kind: z.literal('redaction'),
    opinionId: id,
    start: z.coerce.number().int().min(0),
    end: z.coerce.number().int().positive(),
    accepted: z.boolean(),
  }),
]);

export type AnalysisDecisionInput = z.infer<typeof analysisDecisionSchema>;

const slugField = z.string().min(1);
const formId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Accept one of an opinion's suggested items (a button, or keys 1–3 on the submission page). */
export const itemSuggestionFormSchema = z.object({ consultation: slugField, opinionId: formId, itemNumber: formId, version: formId });

/** Accept (remove the span from everything published) or reject one proposed personal-data span. */
export const redactionFormSchema = z.object({
  consultation: slugField,
  opinionId: formId,
  start: z.coerce.number().int().min(0),
  end: z.coerce.number().int().positive(),
  decision: z.enum(['accept', 'reject'], { error: 'analysis.errors.decision' }),
});

/** Confirm or dissolve a campaign group, or split one member off it. */
export const campaignDecisionFormSchema = z.object({
  consultation: slugField,
  group: formId,
  decision: z.enum(['confirm', 'dissolve', 'split'], { error: 'analysis.errors.decision' }),
  opinionId: formId.optional(),
});

/** Classify a campaign group once: every member gets the item, summary, category and status. */
export const campaignClassifyFormSchema = z.object({
  consultation: slugField,
  group: formId,
  version: formId,
  /** '' means 全体について. */
  itemNumber: z.string().regex(/^\d*$/, { error: 'triageErrors.itemUnknown' }),
  summary: staffText(true).refine((s) => charCount(s) <= 1000, { error: 'triageErrors.tooLong' }),
  categoryCode: z.string().regex(/^[A-Za-z0-9]{0,8}$/, { error: 'triageErrors.categoryUnknown' }),
  status: z.enum(OPINION_STATUSES, { error: 'triageErrors.statusUnknown' }),
});

/** The admins' full re-run: the box must be ticked (the machine's results are replaced). */
export const rerunFormSchema = z.object({
  consultation: slugField,
  confirm: z.literal('on', { error: 'analysis.errors.confirmRerun' }),
});

/** A cluster the clusters page names (its key), with a message key for the field. */
const clusterField = z.string().regex(/^(?:\d+|general):\d+(?:\.\d+)?$/u, 'analysis.errors.clusterTarget');

/** The clusters page's decisions: rename a cluster, merge it into another, move an opinion to another. */
export const clusterFormSchema = z.discriminatedUnion('decision', [
  z.object({ consultation: slugField, decision: z.literal('rename'), cluster: clusterField, label: z.string().trim().min(1, 'analysis.errors.clusterLabel').max(60, 'analysis.errors.clusterLabelLong') }),
  z.object({ consultation: slugField, decision: z.literal('merge'), cluster: clusterField, into: clusterField }),
  z.object({ consultation: slugField, decision: z.literal('move'), opinionId: formId, cluster: clusterField }),
]);
