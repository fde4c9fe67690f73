import 'server-only';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { analysisClusters, analysisDecisions, analysisRuns, consultations, opinionAnalyses, opinions, submissions, type StoredItemSuggestion } from '@/db/schema';
import { describeGrouping, type AnalysisMethod } from '@/lib/analysis/analyse';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { roleHasPermission } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/data/audit';
import { caseScope } from '../departments/scope';

export type RedactionStatus = 'proposed' | 'accepted' | 'rejected';

export type OpinionAnalysisView = {
  id: number;
  receiptNumber: string;
  itemNumber: number | null;
  language: string | null;
  suggestions: StoredItemSuggestion[];
  campaignGroup: number | null;
  clusterKey: string | null;
  /** Only for staff who may read personal data; otherwise empty. */
  personalData: { kind: string; start: number; end: number; text: string; status: RedactionStatus }[];
  analysed: boolean;
};

export type ConsultationAnalysis = {
  slug: string;
  method: { version: string; parameters: unknown; grouping: string; lastRun: { id: number; kind: string; startedAt: string; finishedAt: string | null; startedBy: string | null } | null };
  opinions: OpinionAnalysisView[];
  campaignGroups: { id: number; representative: number; count: number; members: number[]; confirmed: boolean }[];
  clusters: { key: string; itemNumber: number | null; label: string[]; named: boolean; representative: number | null; count: number }[];
};

/**
 * The analysis of a consultation for staff (GET /api/staff/consultations/[slug]/analysis): the
 * machine's results with every staff decision applied — split and dissolved groups, renamed,
 * merged and moved clusters, accepted and rejected redactions. Null when there is no such case.
 *
 * The personal-data spans (names, numbers and their text, for every opinion of the case) are a
 * bulk read of personal data: they are included only for actors who may read it and when asked
 * for (`personalData`, default true; a page that shows no spans passes false), and every result
 * that carries at least one is audited as `personal_data.exported` with the caller's IP hash, like
 * a CSV export with personal columns.
 */
export async function getConsultationAnalysis(
  db: Db,
  actor: StaffActor,
  slug: string,
  { personalData = true, ipHash = null }: { personalData?: boolean; ipHash?: string | null } = {},
): Promise<ConsultationAnalysis | null> {
  assertPermission(actor, 'submission.read');
  const [consultation] = await db.select({ id: consultations.id, slug: consultations.slug }).from(consultations).where(and(eq(consultations.slug, slug), caseScope(actor)));
  if (!consultation) return null;
  const showPersonal = personalData && roleHasPermission(actor.role, 'personal-data.read');

  const [run] = await db.select().from(analysisRuns).where(eq(analysisRuns.consultationId, consultation.id)).orderBy(desc(analysisRuns.id)).limit(1);
  const rows = await db
    .select({
      id: opinions.id,
      receiptNumber: submissions.receiptNumber,
      itemNumber: opinions.itemNumber,
      language: opinionAnalyses.language,
      suggestions: opinionAnalyses.suggestions,
      campaignGroup: opinionAnalyses.campaignGroup,
      clusterKey: opinionAnalyses.clusterKey,
      pii: opinionAnalyses.pii,
    })
    .from(opinions)
    .innerJoin(submissions, eq(submissions.id, opinions.submissionId))
    .leftJoin(opinionAnalyses, eq(opinionAnalyses.opinionId, opinions.id))
    .where(and(eq(opinions.consultationId, consultation.id), caseScope(actor, opinions.consultationId)))
    .orderBy(asc(opinions.id));
  const decisions = await db.select().from(analysisDecisions).where(eq(analysisDecisions.consultationId, consultation.id));
  const storedClusters = await db.select().from(analysisClusters).where(eq(analysisClusters.consultationId, consultation.id)).orderBy(asc(analysisClusters.key));

  const dissolved = new Set(decisions.filter((d) => d.kind === 'campaign-dissolve').map((d) => Number(d.target)));
  const confirmed = new Set(decisions.filter((d) => d.kind === 'campaign-confirm').map((d) => Number(d.target)));
  const splitOff = new Set(decisions.filter((d) => d.kind === 'campaign-split').map((d) => `${d.opinionId}:${d.target}`));
  const moved = new Map(decisions.filter((d) => d.kind === 'cluster-move').map((d) => [d.opinionId, (d.value as { cluster: string }).cluster]));
  const renamed = new Map(decisions.filter((d) => d.kind === 'cluster-rename').map((d) => [d.target, (d.value as { label: string }).label]));
  const mergedInto = new Map(decisions.filter((d) => d.kind === 'cluster-merge').map((d) => [d.target, (d.value as { into: string }).into]));
  const redactions = new Map(decisions.filter((d) => d.kind === 'redaction').map((d) => [`${d.opinionId}:${d.target}`, (d.value as { accepted: boolean }).accepted]));
  const finalCluster = (key: string | null) => {
    const seen = new Set<string>();
    while (key && mergedInto.has(key) && !seen.has(key)) {
      seen.add(key);
      key = mergedInto.get(key)!;
    }
    return key;
  };

  const views: OpinionAnalysisView[] = rows.map((row) => {
    let group = row.campaignGroup;
    if (group !== null && (dissolved.has(group) || splitOff.has(`${row.id}:${group}`))) group = null;
    return {
      id: row.id,
      receiptNumber: row.receiptNumber,
      itemNumber: row.itemNumber,
      language: row.language,
      suggestions: row.suggestions ?? [],
      campaignGroup: group,
      clusterKey: finalCluster(moved.get(row.id) ?? row.clusterKey),
      personalData: showPersonal
        ? (row.pii ?? []).map((span) => {
            const decision = redactions.get(`${row.id}:${span.start}-${span.end}`);
            return { ...span, status: decision === undefined ? 'proposed' : decision ? 'accepted' : 'rejected' };
          })
        : [],
      analysed: row.language !== null,
    };
  });

  const groups = new Map<number, number[]>();
  for (const view of views) if (view.campaignGroup !== null) groups.set(view.campaignGroup, [...(groups.get(view.campaignGroup) ?? []), view.id]);
  for (const view of views) if (view.campaignGroup !== null && groups.get(view.campaignGroup)!.length < 2) view.campaignGroup = null;
  const campaignGroups = [...groups]
    .filter(([, members]) => members.length > 1)
    .map(([id, members]) => ({ id, representative: members.includes(id) ? id : members[0]!, count: members.length, members, confirmed: confirmed.has(id) }));

  const counts = new Map<string, number>();
  for (const view of views) if (view.clusterKey) counts.set(view.clusterKey, (counts.get(view.clusterKey) ?? 0) + 1);
  const known = new Map(storedClusters.map((c) => [c.key, c]));
  const clusters = [...counts].map(([key, count]) => {
    const stored = known.get(key);
    const name = renamed.get(key);
    return { key, itemNumber: stored?.itemNumber ?? null, label: name ? [name] : (stored?.label ?? []), named: Boolean(name), representative: stored?.representative ?? null, count };
  });

  // Who took whose names and numbers out of the console, and how many: recorded before the result leaves.
  const spans = views.reduce((sum, view) => sum + view.personalData.length, 0);
  if (spans > 0) {
    await recordAudit(db, {
      actorId: actor.id,
      action: 'personal_data.exported',
      targetType: 'consultation',
      targetId: consultation.id,
      after: { source: 'analysis', opinions: views.filter((view) => view.personalData.length > 0).length, spans },
      ipHash,
    });
  }

  const parameters = run?.parameters as AnalysisMethod | undefined;
  return {
    slug: consultation.slug,
    method: {
      version: run?.method ?? '',
      parameters: run?.parameters ?? null,
      grouping: parameters ? describeGrouping(parameters) : '',
      lastRun: run ? { id: run.id, kind: run.kind, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null, startedBy: run.startedBy } : null,
    },
    opinions: views,
    campaignGroups,
    clusters,
  };
}

/** The texts of some opinions of a case (the clusters page shows its members); empty outside the actor's departments. */
export async function opinionTexts(db: Db, actor: StaffActor, consultationId: number, ids: readonly number[]): Promise<{ id: number; text: string; submissionId: number }[]> {
  assertPermission(actor, 'submission.read');
  if (ids.length === 0) return [];
  return db
    .select({ id: opinions.id, text: opinions.text, submissionId: opinions.submissionId })
    .from(opinions)
    .where(and(eq(opinions.consultationId, consultationId), caseScope(actor, opinions.consultationId), inArray(opinions.id, [...ids])));
}
