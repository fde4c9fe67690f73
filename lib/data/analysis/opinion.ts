import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { analysisDecisions, analysisRuns, opinionAnalyses, type StoredItemSuggestion } from '@/db/schema';
import { caseScope } from '../departments/scope';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { roleHasPermission } from '@/lib/auth/permissions';
import { campaignsOf, type CampaignMembership } from './campaigns';
import type { RedactionStatus } from './read';

export type OpinionAnalysisPanel = {
  language: string;
  /** Best first; only for opinions filed under no item when analysed. */
  suggestions: StoredItemSuggestion[];
  /** The run that made them: method and parameters are its provenance. */
  method: string;
  campaign: CampaignMembership | null;
  /** Empty for staff who may not read personal data. */
  personalData: { kind: string; start: number; end: number; text: string; status: RedactionStatus }[];
};

/**
 * The analysis of some opinions of one consultation (a submission's page), with staff decisions
 * applied. Its personal-data spans are passages of that one submission's texts; the page reads
 * the submission with getSubmissionForTriage first, whose `personal_data.read` row records the look.
 */
export async function getOpinionAnalyses(db: Db, actor: StaffActor, consultationId: number, ids: readonly number[]): Promise<Map<number, OpinionAnalysisPanel>> {
  assertPermission(actor, 'submission.read');
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: opinionAnalyses.opinionId, language: opinionAnalyses.language, suggestions: opinionAnalyses.suggestions, pii: opinionAnalyses.pii, method: analysisRuns.method })
    .from(opinionAnalyses)
    .innerJoin(analysisRuns, eq(analysisRuns.id, opinionAnalyses.runId))
    .where(and(eq(opinionAnalyses.consultationId, consultationId), caseScope(actor, opinionAnalyses.consultationId), inArray(opinionAnalyses.opinionId, [...ids])));
  const decisions = await db
    .select({ opinionId: analysisDecisions.opinionId, target: analysisDecisions.target, value: analysisDecisions.value })
    .from(analysisDecisions)
    .where(and(eq(analysisDecisions.consultationId, consultationId), eq(analysisDecisions.kind, 'redaction'), inArray(analysisDecisions.opinionId, [...ids])));
  const redactions = new Map(decisions.map((d) => [`${d.opinionId}:${d.target}`, (d.value as { accepted: boolean }).accepted]));
  const campaigns = await campaignsOf(db, consultationId, ids);
  const showPersonal = roleHasPermission(actor.role, 'personal-data.read');
  return new Map(
    rows.map((row) => [
      row.id,
      {
        language: row.language,
        suggestions: row.suggestions ?? [],
        method: row.method,
        campaign: campaigns.get(row.id) ?? null,
        personalData: showPersonal
          ? (row.pii ?? []).map((span) => {
              const decision = redactions.get(`${row.id}:${span.start}-${span.end}`);
              return { ...span, status: decision === undefined ? ('proposed' as const) : decision ? ('accepted' as const) : ('rejected' as const) };
            })
          : [],
      },
    ]),
  );
}
