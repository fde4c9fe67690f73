import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { analysisDecisions, analysisRuns, opinionAnalyses, opinions, revisionItems, type AnalysisDecisionKind } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { updateOpinion } from '@/lib/data/triage/opinions';
import type { AnalysisDecisionInput } from '@/lib/validation/analysis';
import { caseInScope } from '../departments/scope';

export type DecisionResult = { ok: true } | { ok: false; error: 'notFound' | 'invalid' | 'conflict' };

async function storeDecision(
  db: Db,
  actor: StaffActor,
  consultationId: number,
  row: { kind: AnalysisDecisionKind; opinionId?: number; target?: string; value: Record<string, unknown> },
): Promise<void> {
  await db.transaction(async (tx) => {
    const key = { consultationId, kind: row.kind, opinionId: row.opinionId ?? 0, target: row.target ?? '' };
    await tx
      .insert(analysisDecisions)
      .values({ ...key, value: row.value, decidedBy: actor.id })
      .onConflictDoUpdate({
        target: [analysisDecisions.consultationId, analysisDecisions.kind, analysisDecisions.opinionId, analysisDecisions.target],
        set: { value: row.value, decidedBy: actor.id, decidedAt: sql`now()` },
      });
    await recordAudit(tx, {
      actorId: actor.id,
      action: `analysis.${row.kind}`,
      targetType: row.opinionId ? 'opinion' : row.kind.startsWith('campaign') ? 'campaign-group' : 'cluster',
      targetId: row.opinionId || row.target,
      after: { consultationId, target: key.target, ...row.value },
    });
  });
}

async function opinionInConsultation(db: Db, consultationId: number, opinionId: number): Promise<boolean> {
  const [row] = await db.select({ id: opinions.id }).from(opinions).where(and(eq(opinions.id, opinionId), eq(opinions.consultationId, consultationId)));
  return Boolean(row);
}

/**
 * Records a staff decision over the machine's analysis (accept an item, confirm/split/dissolve a
 * campaign group, rename/merge/move within clusters, accept/reject a redaction), with the person,
 * audited. Accepting an item also files the opinion under it (the triage update, versioned).
 */
export async function decideAnalysis(db: Db, actor: StaffActor, consultationId: number, input: AnalysisDecisionInput): Promise<DecisionResult> {
  assertPermission(actor, 'submission.triage');
  if (!(await caseInScope(db, actor, consultationId))) return { ok: false, error: 'notFound' };
  switch (input.kind) {
    case 'item-accept': {
      const [item] = await db
        .select({ number: revisionItems.number })
        .from(revisionItems)
        .where(and(eq(revisionItems.consultationId, consultationId), eq(revisionItems.number, input.itemNumber)));
      if (!item) return { ok: false, error: 'invalid' };
      const updated = await updateOpinion(db, actor, { consultationId, id: input.opinionId, version: input.version, changes: { itemNumber: input.itemNumber } });
      if (!updated.ok) return { ok: false, error: updated.error === 'conflict' ? 'conflict' : updated.error === 'notFound' ? 'notFound' : 'invalid' };
      // Provenance: which machine suggestion (rank, score, words, run and method) the person accepted.
      const [machine] = await db
        .select({ suggestions: opinionAnalyses.suggestions, runId: opinionAnalyses.runId, method: analysisRuns.method })
        .from(opinionAnalyses)
        .innerJoin(analysisRuns, eq(analysisRuns.id, opinionAnalyses.runId))
        .where(eq(opinionAnalyses.opinionId, input.opinionId));
      const rank = machine ? machine.suggestions.findIndex((s) => s.itemNumber === input.itemNumber) : -1;
      const suggestion = rank >= 0 ? machine!.suggestions[rank]! : null;
      await storeDecision(db, actor, consultationId, {
        kind: 'item-accept',
        opinionId: input.opinionId,
        value: {
          itemNumber: input.itemNumber,
          suggested: suggestion ? { rank: rank + 1, score: suggestion.score, matchedWords: suggestion.matchedWords, runId: machine!.runId, method: machine!.method } : null,
        },
      });
      return { ok: true };
    }
    case 'campaign-confirm':
    case 'campaign-dissolve': {
      const [member] = await db
        .select({ id: opinionAnalyses.opinionId })
        .from(opinionAnalyses)
        .where(and(eq(opinionAnalyses.consultationId, consultationId), eq(opinionAnalyses.campaignGroup, input.group)))
        .limit(1);
      if (!member) return { ok: false, error: 'notFound' };
      await storeDecision(db, actor, consultationId, { kind: input.kind, target: String(input.group), value: {} });
      return { ok: true };
    }
    case 'campaign-split': {
      const [member] = await db
        .select({ id: opinionAnalyses.opinionId })
        .from(opinionAnalyses)
        .where(and(eq(opinionAnalyses.opinionId, input.opinionId), eq(opinionAnalyses.consultationId, consultationId), eq(opinionAnalyses.campaignGroup, input.group)));
      if (!member) return { ok: false, error: 'notFound' };
      await storeDecision(db, actor, consultationId, { kind: 'campaign-split', opinionId: input.opinionId, target: String(input.group), value: {} });
      return { ok: true };
    }
    case 'cluster-rename':
      await storeDecision(db, actor, consultationId, { kind: 'cluster-rename', target: input.cluster, value: { label: input.label } });
      return { ok: true };
    case 'cluster-merge':
      if (input.cluster === input.into) return { ok: false, error: 'invalid' };
      await storeDecision(db, actor, consultationId, { kind: 'cluster-merge', target: input.cluster, value: { into: input.into } });
      return { ok: true };
    case 'cluster-move':
      if (!(await opinionInConsultation(db, consultationId, input.opinionId))) return { ok: false, error: 'notFound' };
      await storeDecision(db, actor, consultationId, { kind: 'cluster-move', opinionId: input.opinionId, value: { cluster: input.cluster } });
      return { ok: true };
    case 'redaction': {
      const [row] = await db
        .select({ text: opinions.text })
        .from(opinions)
        .where(and(eq(opinions.id, input.opinionId), eq(opinions.consultationId, consultationId)));
      if (!row) return { ok: false, error: 'notFound' };
      if (input.end > row.text.length || input.start >= input.end) return { ok: false, error: 'invalid' };
      await storeDecision(db, actor, consultationId, {
        kind: 'redaction',
        opinionId: input.opinionId,
        target: `${input.start}-${input.end}`,
        value: { accepted: input.accepted },
      });
      return { ok: true };
    }
  }
}
