import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultations, itemAmendments, resultPublications, revisionItems } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { ensureDefaultCategories } from '../triage/categories';
import { isOwnWork, type GroupState } from './groups';
import { getPublishReadiness, type PublishReadiness } from './publish';
import { suggestClusters, type SuggestionCluster } from './suggestions';
import { campaignsOf, type CampaignMembership } from '../analysis/campaigns';
import type { ResponseStatus } from '@/db/schema';
import { isSlug } from '@/lib/validation/slug';
import { caseScope } from '../departments/scope';
import { countedSql, excludedSql } from '../triage/counted';

export type WorkspaceOpinion = {
  id: number;
  itemNumber: number | null;
  text: string;
  summary: string;
  categoryCode: string | null;
  thirdPartyPersonalData: boolean;
};

export type WorkspaceGroup = GroupState & {
  draftedByName: string | null;
  draftedAt: string | null;
  submittedByName: string | null;
  submittedAt: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  returnedByName: string | null;
  returnedAt: string | null;
  /** The actor drafted or submitted it: someone else approves it. */
  ownWork: boolean;
  members: WorkspaceOpinion[];
};

export type WorkspaceItem = {
  itemNumber: number | null;
  heading: string | null;
  afterText: string | null;
  amendment: { changed: boolean; amendedText: string; note: string; version: number } | null;
  groups: WorkspaceGroup[];
  ungrouped: WorkspaceOpinion[];
  suggestions: SuggestionCluster[];
};

export type ResponseWorkspace = {
  consultation: { id: number; slug: string; title: string; closesAt: string };
  categories: { code: string; label: string }[];
  items: WorkspaceItem[];
  /** Opinions left out of results (spam, out of scope, hidden). */
  excluded: number;
  readiness: PublishReadiness;
  publications: { version: number; publishedAt: string }[];
};

type OpinionRow = {
  id: number;
  item_number: number | null;
  text: string;
  summary: string;
  category_code: string | null;
  third_party_personal_data: boolean;
  group_id: number | null;
};

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/**
 * Suggestions for one item's ungrouped opinions: the campaign groups found by the analysis
 * (lib/analysis, confirmed or not by staff) first, then the remaining opinions' same or nearly
 * the same texts (suggestClusters). One system: the campaign is the stronger signal.
 */
function withCampaigns(ungrouped: WorkspaceOpinion[], campaigns: Map<number, CampaignMembership>): SuggestionCluster[] {
  const byGroup = new Map<number, number[]>();
  for (const o of ungrouped) {
    const group = campaigns.get(o.id)?.group;
    if (group !== undefined) byGroup.set(group, [...(byGroup.get(group) ?? []), o.id]);
  }
  const fromCampaigns = [...byGroup.values()].filter((ids) => ids.length >= 2);
  const taken = new Set(fromCampaigns.flat());
  return [
    ...fromCampaigns.map((ids) => ({ opinionIds: ids, kind: 'similar' as const, count: ids.length })),
    ...suggestClusters(ungrouped.filter((o) => !taken.has(o.id))),
  ].sort((a, b) => b.count - a.count || a.opinionIds[0]! - b.opinionIds[0]!);
}

/**
 * Everything the response page needs for one case: per item, its groups with their opinions,
 * the opinions not yet in a group, and suggestions of opinions with the same or nearly the
 * same text. Staff only (it shows full texts); never used by public pages.
 */
export async function getResponseWorkspace(db: Db, actor: StaffActor, slug: string): Promise<ResponseWorkspace | null> {
  assertPermission(actor, 'response.draft');
  if (!isSlug(slug)) return null;
  const [c] = await db.select().from(consultations).where(and(eq(consultations.slug, slug), caseScope(actor)));
  if (!c) return null;
  await ensureDefaultCategories(db, c.id);
  const categories = await queryRows<{ code: string; label: string }>(
    db,
    sql`select code, label from handling_categories where consultation_id = ${c.id} order by position, code`,
  );
  const items = await db
    .select({ number: revisionItems.number, heading: revisionItems.heading, afterText: revisionItems.afterText })
    .from(revisionItems)
    .where(eq(revisionItems.consultationId, c.id))
    .orderBy(asc(revisionItems.number));
  const amendments = await db.select().from(itemAmendments).where(eq(itemAmendments.consultationId, c.id));
  const opinionRows = await queryRows<OpinionRow>(
    db,
    sql`
      select o.id::int as id, o.item_number, o.text, o.summary, o.category_code, o.third_party_personal_data, m.group_id::int as group_id
      from opinions o left join response_group_members m on m.opinion_id = o.id
      where o.consultation_id = ${c.id} and ${countedSql('o')}
      order by o.id`,
  );
  const [excluded] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from opinions where consultation_id = ${c.id} and ${excludedSql('opinions')}`,
  );
  const groupRows = await queryRows<Record<string, unknown>>(
    db,
    sql`
      select g.id::int as id, g.item_number, g.response, g.category_code, g.status, g.version, g.return_remark,
             g.drafted_by, g.submitted_by, g.drafted_at, g.submitted_at, g.approved_at, g.returned_at,
             coalesce(d.name, d.email) as drafted_by_name, coalesce(s.name, s.email) as submitted_by_name,
             coalesce(a.name, a.email) as approved_by_name, coalesce(r.name, r.email) as returned_by_name
      from response_groups g
      left join users d on d.id = g.drafted_by
      left join users s on s.id = g.submitted_by
      left join users a on a.id = g.approved_by
      left join users r on r.id = g.returned_by
      where g.consultation_id = ${c.id}
      order by g.item_number asc nulls first, g.id`,
  );

  const toOpinion = (o: OpinionRow): WorkspaceOpinion => ({
    id: Number(o.id),
    itemNumber: o.item_number,
    text: o.text,
    summary: o.summary,
    categoryCode: o.category_code,
    thirdPartyPersonalData: o.third_party_personal_data,
  });
  const membersOf = new Map<number, WorkspaceOpinion[]>();
  const ungroupedOf = new Map<number | null, WorkspaceOpinion[]>();
  for (const o of opinionRows) {
    if (o.group_id !== null) membersOf.set(Number(o.group_id), [...(membersOf.get(Number(o.group_id)) ?? []), toOpinion(o)]);
    else ungroupedOf.set(o.item_number, [...(ungroupedOf.get(o.item_number) ?? []), toOpinion(o)]);
  }
  const groupsOf = new Map<number | null, WorkspaceGroup[]>();
  for (const g of groupRows) {
    const group: WorkspaceGroup = {
      id: Number(g.id),
      itemNumber: g.item_number as number | null,
      response: g.response as string,
      categoryCode: g.category_code as string | null,
      status: g.status as ResponseStatus,
      version: Number(g.version),
      returnRemark: g.return_remark as string | null,
      draftedByName: g.drafted_by_name as string | null,
      draftedAt: iso(g.drafted_at),
      submittedByName: g.submitted_by_name as string | null,
      submittedAt: iso(g.submitted_at),
      approvedByName: g.approved_by_name as string | null,
      approvedAt: iso(g.approved_at),
      returnedByName: g.returned_by_name as string | null,
      returnedAt: iso(g.returned_at),
      ownWork: isOwnWork({ draftedBy: g.drafted_by as string | null, submittedBy: g.submitted_by as string | null }, actor),
      members: membersOf.get(Number(g.id)) ?? [],
    };
    groupsOf.set(group.itemNumber, [...(groupsOf.get(group.itemNumber) ?? []), group]);
  }

  const campaigns = await campaignsOf(db, c.id, null);
  const workspaceItems: WorkspaceItem[] = [null, ...items.map((i) => i.number)]
    .filter((n) => groupsOf.has(n) || ungroupedOf.has(n) || (n !== null && amendments.some((a) => a.itemNumber === n)))
    .map((n) => {
      const item = items.find((i) => i.number === n);
      const amendment = amendments.find((a) => a.itemNumber === n);
      const ungrouped = ungroupedOf.get(n) ?? [];
      return {
        itemNumber: n,
        heading: item?.heading ?? null,
        afterText: item?.afterText ?? null,
        amendment: amendment ? { changed: amendment.changed, amendedText: amendment.amendedText, note: amendment.note, version: amendment.version } : null,
        groups: groupsOf.get(n) ?? [],
        ungrouped,
        suggestions: withCampaigns(ungrouped, campaigns),
      };
    });

  const publications = await db
    .select({ version: resultPublications.version, publishedAt: resultPublications.publishedAt })
    .from(resultPublications)
    .where(eq(resultPublications.consultationId, c.id))
    .orderBy(desc(resultPublications.version));

  return {
    consultation: { id: c.id, slug: c.slug, title: c.title, closesAt: c.closesAt.toISOString() },
    categories,
    items: workspaceItems,
    excluded: excluded?.n ?? 0,
    readiness: (await getPublishReadiness(db, actor, c.id))!,
    publications: publications.map((p) => ({ version: p.version, publishedAt: p.publishedAt.toISOString() })),
  };
}

