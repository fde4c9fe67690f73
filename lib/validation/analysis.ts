import { z } from '@/lib/validation/zod';

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
