import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { opinions } from '@/db/schema';
import { caseScope } from '../departments/scope';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { bulkUpdateOpinions, type BulkChange, type BulkResult } from '@/lib/data/triage/opinions';

/**
 * Whether the machine's campaign membership of row `a` (an opinion_analyses alias) still holds
 * after the staff decisions: its group not dissolved, the member not split off. Decisions are
 * kept apart from the results, so they survive a re-run. The same rules as
 * getConsultationAnalysis (read.ts).
 */
function kept(consultationId: number, a: string): SQL {
  const row = sql.raw(a);
  return sql`${row}.campaign_group is not null
    and not exists (
      select 1 from analysis_decisions d
      where d.consultation_id = ${consultationId} and d.kind = 'campaign-dissolve' and d.opinion_id = 0
        and d.target = ${row}.campaign_group::text)
    and not exists (
      select 1 from analysis_decisions d
      where d.consultation_id = ${consultationId} and d.kind = 'campaign-split'
        and d.opinion_id = ${row}.opinion_id and d.target = ${row}.campaign_group::text)`;
}

/** The members of campaign group `group` as staff see it (by the campaign index). */
function membersOf(consultationId: number, group: SQL): SQL {
  return sql`select b.opinion_id from opinion_analyses b
    where b.consultation_id = ${consultationId} and b.campaign_group = ${group} and ${kept(consultationId, 'b')}`;
}

/** Condition: the opinion is a member of campaign group `group`. */
export function inCampaignWhere(consultationId: number, group: number): SQL {
  return sql`${opinions.id} in (${membersOf(consultationId, sql`${group}`)})`;
}

/**
 * Condition for the inbox's one-row-per-group view: the opinion is not a campaign member other
 * than its group's representative (the first opinion still in the group).
 */
export function oneRowPerCampaignWhere(consultationId: number): SQL {
  return sql`${opinions.id} not in (
    select a.opinion_id from opinion_analyses a
    where a.consultation_id = ${consultationId} and ${kept(consultationId, 'a')}
      and a.opinion_id <> (select min(m.opinion_id) from (${membersOf(consultationId, sql`a.campaign_group`)}) m))`;
}

export type CampaignMembership = { group: number; count: number; representative: number };

/**
 * The campaign group (if any) of each of `ids`, with its size and representative; of every
 * opinion of the consultation when `ids` is null. Groups of two or more only.
 */
export async function campaignsOf(db: Db, consultationId: number, ids: readonly number[] | null): Promise<Map<number, CampaignMembership>> {
  if (ids !== null && ids.length === 0) return new Map();
  const rows = await queryRows<{ opinion_id: number | string; grp: number | string; rep: number | string; n: number | string }>(
    db,
    ids === null
      ? sql`select m.opinion_id, m.grp, m.rep, m.n from (
              select a.opinion_id, a.campaign_group as grp,
                     min(a.opinion_id) over (partition by a.campaign_group) as rep,
                     count(*) over (partition by a.campaign_group) as n
              from opinion_analyses a
              where a.consultation_id = ${consultationId} and ${kept(consultationId, 'a')}) m
            where m.n > 1`
      : sql`select a.opinion_id, a.campaign_group as grp, g.rep, g.n
            from opinion_analyses a
            cross join lateral (
              select min(m.opinion_id) as rep, count(*) as n from (${membersOf(consultationId, sql`a.campaign_group`)}) m) g
            where a.consultation_id = ${consultationId}
              and a.opinion_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
              and ${kept(consultationId, 'a')} and g.n > 1`,
  );
  return new Map(rows.map((r) => [Number(r.opinion_id), { group: Number(r.grp), count: Number(r.n), representative: Number(r.rep) }]));
}

export type CampaignView = {
  group: number;
  representative: { id: number; text: string; itemNumber: number | null; summary: string; categoryCode: string | null; status: string; version: number };
  members: { id: number; version: number }[];
  confirmed: boolean;
};

/** One campaign group with its representative's classification (what the group form shows) and its members. */
export async function getCampaign(db: Db, actor: StaffActor, consultationId: number, group: number): Promise<CampaignView | null> {
  assertPermission(actor, 'submission.read');
  const members = await db
    .select({ id: opinions.id, version: opinions.version, text: opinions.text, itemNumber: opinions.itemNumber, summary: opinions.summary, categoryCode: opinions.categoryCode, status: opinions.status })
    .from(opinions)
    .where(and(eq(opinions.consultationId, consultationId), caseScope(actor, opinions.consultationId), inCampaignWhere(consultationId, group)))
    .orderBy(opinions.id);
  if (members.length < 2) return null;
  const [confirmed] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from analysis_decisions where consultation_id = ${consultationId} and kind = 'campaign-confirm' and opinion_id = 0 and target = ${String(group)}`,
  );
  const rep = members[0]!;
  return {
    group,
    representative: { id: rep.id, text: rep.text, itemNumber: rep.itemNumber, summary: rep.summary, categoryCode: rep.categoryCode, status: rep.status, version: rep.version },
    members: members.map((m) => ({ id: m.id, version: m.version })),
    confirmed: Number(confirmed?.n ?? 0) > 0,
  };
}

/**
 * Classifies a campaign group once: the change (item, summary, category, status) is written to
 * every member, all or nothing, one audit row per opinion with its own before and after (the
 * inbox's bulk change). `version` is the representative's, as the form showed it: if the group
 * was classified by someone else meanwhile, nothing is written.
 */
export async function classifyCampaign(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number; group: number; version: number; change: BulkChange },
  ipHash: string | null = null,
): Promise<BulkResult | { ok: false; error: 'notFound' }> {
  assertPermission(actor, 'submission.triage');
  const campaign = await getCampaign(db, actor, input.consultationId, input.group);
  if (!campaign) return { ok: false, error: 'notFound' };
  if (campaign.representative.version !== input.version) return { ok: false, error: 'conflict', conflicts: [{ id: campaign.representative.id, version: campaign.representative.version }] };
  return bulkUpdateOpinions(db, actor, { consultationId: input.consultationId, selections: campaign.members, change: input.change }, ipHash);
}

/** Members of the groups, with their versions (the inbox's bulk form selects a group by its representative). */
export async function membersOfCampaigns(db: Db, consultationId: number, groups: readonly number[]): Promise<{ group: number; id: number; version: number }[]> {
  if (groups.length === 0) return [];
  const rows = await queryRows<{ grp: number | string; id: number | string; version: number }>(
    db,
    sql`select a.campaign_group as grp, o.id, o.version from opinion_analyses a join opinions o on o.id = a.opinion_id
        where a.consultation_id = ${consultationId} and a.campaign_group in (${sql.join(groups.map((g) => sql`${g}`), sql`, `)})
          and ${kept(consultationId, 'a')}
        order by o.id`,
  );
  return rows.map((r) => ({ group: Number(r.grp), id: Number(r.id), version: Number(r.version) }));
}

/**
 * A group selected in the inbox by its row: every member, with its current version, when the
 * representative still has the version the page showed; otherwise the representative alone with
 * that version, so the bulk change reports the conflict and writes nothing.
 */
export async function campaignSelections(db: Db, consultationId: number, groups: readonly { group: number; version: number }[]): Promise<{ id: number; version: number }[]> {
  const members = await membersOfCampaigns(db, consultationId, groups.map((g) => g.group));
  return groups.flatMap(({ group, version }) => {
    const of = members.filter((m) => m.group === group);
    const rep = of[0];
    if (!rep) return [];
    return rep.version === version ? of.map((m) => ({ id: m.id, version: m.version })) : [{ id: rep.id, version }];
  });
}
