import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { analysisDecisions, analysisRuns, opinionAnalyses, opinions, submissionOpinions, submissions, type StoredItemSuggestion, type SubmissionChannel } from '@/db/schema';
import { roleHasPermission } from '@/lib/auth/permissions';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '@/lib/data/audit';
import { campaignsOf, type CampaignMembership } from '../analysis/campaigns';
import type { RedactionStatus } from '../analysis/read';
import { caseScope } from '../departments/scope';
import { codePointLength } from './coverage';
import { toOpinionView, type OpinionView } from './opinions';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';

export type SubmissionForTriage = {
  id: number;
  receiptNumber: string;
  channel: SubmissionChannel;
  receivedAt: string;
  /** Received after the period closed (paper entries); stored and shown, never dropped. */
  late: boolean;
  /** The language of the form it came from (lib/i18n/locales); opinions may be in any language. */
  locale: Locale;
  /** Present only for actors allowed to read personal data. */
  submitter: { name: string; address: string; category: string | null; email: string | null } | null;
  sources: {
    id: number;
    itemNumber: number | null;
    text: string;
    opinions: OpinionView[];
    /** Characters of the text no opinion covers (0 when the split is whole). */
    uncovered: number;
  }[];
  /** What the analysis found in each of its opinions (by opinion id), with staff decisions applied. */
  analyses: Map<number, OpinionAnalysisPanel>;
};

export type OpinionAnalysisPanel = {
  language: string;
  /** Best first; only for opinions filed under no item when analysed. */
  suggestions: StoredItemSuggestion[];
  /** The run that made them: method and parameters are its provenance. */
  method: string;
  campaign: CampaignMembership | null;
  /** Passages of this submission's texts (names, numbers); empty for staff who may not read personal data. */
  personalData: { kind: string; start: number; end: number; text: string; status: RedactionStatus }[];
};

/**
 * One submission with its texts, the opinions split from each and their analysis, for the
 * submission view. Its personal data (the submitter block, and the names and numbers the analysis
 * found in its texts) comes only with this read, which records the look as `personal_data.read`.
 */
export async function getSubmissionForTriage(
  db: Db,
  actor: StaffActor,
  consultation: { id: number; closesAt: Date },
  submissionId: number,
  ipHash: string | null = null,
): Promise<SubmissionForTriage | null> {
  assertPermission(actor, 'submission.read');
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.consultationId, consultation.id), caseScope(actor, submissions.consultationId)));
  if (!row) return null;
  const [sources, pieces] = await Promise.all([
    db.select().from(submissionOpinions).where(eq(submissionOpinions.submissionId, row.id)).orderBy(asc(submissionOpinions.position)),
    db.select().from(opinions).where(eq(opinions.submissionId, row.id)).orderBy(asc(opinions.sourceId), asc(opinions.startOffset)),
  ]);
  const personal = roleHasPermission(actor.role, 'personal-data.read');
  const analyses = await analysesOf(db, consultation.id, pieces.map((p) => p.id), personal);
  // Who read whose personal data, and when: every view that carries the submitter block and the spans.
  if (personal) await recordAudit(db, { actorId: actor.id, action: 'personal_data.read', targetType: 'submission', targetId: row.id, ipHash });
  return {
    id: row.id,
    receiptNumber: row.receiptNumber,
    channel: row.channel,
    receivedAt: row.receivedAt.toISOString(),
    late: row.receivedAt >= consultation.closesAt,
    locale: isLocale(row.locale) ? row.locale : DEFAULT_LOCALE,
    submitter: personal
      ? { name: row.submitterName, address: row.submitterAddress, category: row.submitterCategory, email: row.submitterEmail }
      : null,
    sources: sources.map((source) => {
      const mine = pieces.filter((p) => p.sourceId === source.id).map(toOpinionView);
      const covered = mine.reduce((sum, p) => sum + (p.endOffset - p.startOffset), 0);
      return { id: source.id, itemNumber: source.itemNumber, text: source.text, opinions: mine, uncovered: codePointLength(source.text) - covered };
    }),
    analyses,
  };
}

/** The analysis of some opinions of one consultation; for getSubmissionForTriage, after its scoped read of their submission. */
async function analysesOf(db: Db, consultationId: number, ids: readonly number[], personal: boolean): Promise<Map<number, OpinionAnalysisPanel>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: opinionAnalyses.opinionId, language: opinionAnalyses.language, suggestions: opinionAnalyses.suggestions, pii: opinionAnalyses.pii, method: analysisRuns.method })
    .from(opinionAnalyses)
    .innerJoin(analysisRuns, eq(analysisRuns.id, opinionAnalyses.runId))
    .where(and(eq(opinionAnalyses.consultationId, consultationId), inArray(opinionAnalyses.opinionId, [...ids])));
  const decisions = await db
    .select({ opinionId: analysisDecisions.opinionId, target: analysisDecisions.target, value: analysisDecisions.value })
    .from(analysisDecisions)
    .where(and(eq(analysisDecisions.consultationId, consultationId), eq(analysisDecisions.kind, 'redaction'), inArray(analysisDecisions.opinionId, [...ids])));
  const redactions = new Map(decisions.map((d) => [`${d.opinionId}:${d.target}`, (d.value as { accepted: boolean }).accepted]));
  const campaigns = await campaignsOf(db, consultationId, ids);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        language: row.language,
        suggestions: row.suggestions ?? [],
        method: row.method,
        campaign: campaigns.get(row.id) ?? null,
        personalData: personal
          ? (row.pii ?? []).map((span) => {
              const decision = redactions.get(`${row.id}:${span.start}-${span.end}`);
              return { ...span, status: decision === undefined ? ('proposed' as const) : decision ? ('accepted' as const) : ('rejected' as const) };
            })
          : [],
      },
    ]),
  );
}
