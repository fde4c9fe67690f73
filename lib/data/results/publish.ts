import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultations, resultPublications } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '../audit';
import { analysisRuns } from '@/db/schema';
import { describeGrouping, type AnalysisMethod } from '@/lib/analysis/analyse';
import { acceptedRedactions, redact, unreviewedPersonalData } from './redactions';
import type { ResultSnapshot } from '@/db/schema/result-snapshot';
import { caseScope } from '../departments/scope';
import { countedSql } from '../triage/counted';

/**
 * Which opinions a result counts and shows: those in an approved response group and not
 * marked spam, 本件と関係のない意見 (outOfScope) or hidden — moderated opinions stay stored but
 * are left out of counts and rows. Opinions marked as containing third-party personal data
 * are counted and shown by their summary (意見の概要) only; in fact no full text of any
 * opinion is ever published, only staff-written summaries, and no submitter's name,
 * address or e-mail is read here at all (the channel is taken from the opinion row).
 */
const PUBLISHED_OPINION = countedSql('o');

export type PublishError =
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'notClosed'; closesAt: string }
  | { ok: false; error: 'nothingToPublish' }
  | { ok: false; error: 'unanswered'; count: number }
  | { ok: false; error: 'missingSummary'; count: number }
  | { ok: false; error: 'unreviewedPersonalData'; opinions: { opinionId: number; receiptNumber: string; kinds: string[] }[] };

export type PublishResult = { ok: true; version: number; publishedAt: string; slug: string } | PublishError;

type Header = { id: number; slug: string; title: string; department: string; opensAt: Date; closesAt: Date; closed: boolean };

type Counted = {
  unanswered: number;
  missingSummary: number;
  published: number;
  submitters: number;
  byChannel: { channel: string; submitters: number; opinions: number }[];
};

/**
 * What stops publishing (unanswered opinions, missing summaries) and the counts a result shows
 * (submitters and opinions, per channel and in total), in one pass over the opinions: at
 * 100,000 opinions each pass costs about a third of a second. The total row has channel null.
 */
async function countOpinions(db: Db, consultationId: number): Promise<Counted> {
  const rows = await queryRows<{ channel: string | null; total: boolean; unanswered: number; missing_summary: number; published: number; submitters: number }>(
    db,
    sql`
      select o.channel, grouping(o.channel) = 1 as total,
        count(*) filter (where g.id is null or g.status <> 'approved')::int as unanswered,
        count(*) filter (where g.status = 'approved' and btrim(o.summary) = '')::int as missing_summary,
        count(*) filter (where g.status = 'approved')::int as published,
        count(distinct o.submission_id) filter (where g.status = 'approved')::int as submitters
      from opinions o
      left join response_group_members m on m.opinion_id = o.id
      left join response_groups g on g.id = m.group_id
      where o.consultation_id = ${consultationId} and ${PUBLISHED_OPINION}
      group by grouping sets ((o.channel), ())`,
  );
  const total = rows.find((r) => r.total);
  return {
    unanswered: Number(total?.unanswered ?? 0),
    missingSummary: Number(total?.missing_summary ?? 0),
    published: Number(total?.published ?? 0),
    submitters: Number(total?.submitters ?? 0),
    byChannel: rows
      .filter((r) => !r.total && Number(r.published) > 0)
      .map((r) => ({ channel: r.channel!, submitters: Number(r.submitters), opinions: Number(r.published) })),
  };
}

/** Whether anything stops publishing now: the period, unanswered opinions, missing summaries, unreviewed personal data. */
async function readiness(db: Db, consultationId: number): Promise<{ unanswered: number; missingSummary: number; published: number; unreviewedPersonalData: number }> {
  const [{ unanswered, missingSummary, published }, unreviewed] = await Promise.all([countOpinions(db, consultationId), unreviewedPersonalData(db, consultationId)]);
  return { unanswered, missingSummary, published, unreviewedPersonalData: unreviewed.length };
}

export type PublishReadiness = Awaited<ReturnType<typeof readiness>> & { closed: boolean };

export async function getPublishReadiness(db: Db, actor: StaffActor, consultationId: number, now = new Date()): Promise<PublishReadiness | null> {
  assertPermission(actor, 'response.draft');
  const [c] = await db.select({ closesAt: consultations.closesAt }).from(consultations).where(and(eq(consultations.id, consultationId), caseScope(actor)));
  if (!c) return null;
  return { ...(await readiness(db, consultationId)), closed: now >= c.closesAt };
}

/**
 * Builds the result from an explicit allowlist of fields: every value below is named, none is
 * spread from a row. Runs inside the publishing transaction, so the snapshot is consistent.
 */
export async function buildResultSnapshot(db: Db, header: Header, version: number, publishedAt: Date, counted?: Counted): Promise<ResultSnapshot> {
  const id = header.id;
  const counts = counted ?? (await countOpinions(db, id));
  const rows = await queryRows<{
    item_number: number | null;
    heading: string | null;
    summaries: string[];
    opinion_ids: (number | string)[];
    opinion_count: number;
    response: string;
    category_code: string;
    category_label: string | null;
  }>(
    db,
    sql`
      with per_group as (
        -- Aggregated before the group's own columns are joined: the sort of every opinion
        -- carries three narrow columns, not the response and the heading.
        select m.group_id, array_agg(o.summary order by o.id) as summaries, array_agg(o.id order by o.id) as opinion_ids, count(*)::int as opinion_count
        from response_group_members m
        join opinions o on o.id = m.opinion_id
        where o.consultation_id = ${id} and ${PUBLISHED_OPINION}
        group by m.group_id)
      select g.item_number, ri.heading, g.response, g.category_code, hc.label as category_label, pg.summaries, pg.opinion_ids, pg.opinion_count
      from response_groups g
      join per_group pg on pg.group_id = g.id
      left join revision_items ri on ri.consultation_id = g.consultation_id and ri.number = g.item_number
      left join handling_categories hc on hc.consultation_id = g.consultation_id and hc.code = g.category_code
      where g.consultation_id = ${id} and g.status = 'approved'
      order by g.item_number asc nulls first, g.id asc`,
  );
  const categories = await queryRows<{ code: string; label: string }>(
    db,
    sql`select code, label from handling_categories where consultation_id = ${id} order by position, code`,
  );
  const amendments = await queryRows<{ number: number; heading: string; after_text: string; changed: boolean | null; amended_text: string | null; note: string | null }>(
    db,
    sql`
      select ri.number, ri.heading, ri.after_text, a.changed, a.amended_text, a.note
      from revision_items ri
      left join item_amendments a on a.consultation_id = ri.consultation_id and a.item_number = ri.number
      where ri.consultation_id = ${id}
        and (a.id is not null or exists (
          select 1 from response_groups g where g.consultation_id = ri.consultation_id and g.item_number = ri.number and g.status = 'approved'))
      order by ri.number`,
  );

  // Accepted personal-data passages are replaced in the summaries (and so in every format made from the snapshot).
  const redactions = await acceptedRedactions(db, id);
  const [run] = await db.select({ parameters: analysisRuns.parameters }).from(analysisRuns).where(eq(analysisRuns.consultationId, id)).orderBy(desc(analysisRuns.id)).limit(1);

  const tableRows: ResultSnapshot['rows'] = rows.map((r, index) => ({
    no: index + 1,
    itemNumber: r.item_number,
    heading: r.heading,
    summaries: [...new Set(r.summaries.map((s, k) => redact(s, redactions.get(Number(r.opinion_ids[k])) ?? []).trim()))],
    opinionCount: Number(r.opinion_count),
    response: r.response,
    categoryCode: r.category_code,
    categoryLabel: r.category_label ?? '',
  }));

  const byItem = new Map<number | null, { itemNumber: number | null; heading: string | null; opinions: number }>();
  const byCategory = new Map<string, number>();
  for (const row of tableRows) {
    const item = byItem.get(row.itemNumber) ?? { itemNumber: row.itemNumber, heading: row.heading, opinions: 0 };
    item.opinions += row.opinionCount;
    byItem.set(row.itemNumber, item);
    byCategory.set(row.categoryCode, (byCategory.get(row.categoryCode) ?? 0) + row.opinionCount);
  }
  const channelOrder = ['web', 'email', 'post', 'fax', 'in_person'];

  return {
    header: {
      slug: header.slug,
      title: header.title,
      department: header.department,
      opensAt: header.opensAt.toISOString(),
      closesAt: header.closesAt.toISOString(),
      publishedAt: publishedAt.toISOString(),
      version,
    },
    counts: {
      submitters: counts.submitters,
      opinions: counts.published,
      byChannel: [...counts.byChannel]
        .sort((a, b) => channelOrder.indexOf(a.channel) - channelOrder.indexOf(b.channel)),
      byItem: [...byItem.values()],
      byCategory: categories
        .filter((c) => byCategory.has(c.code))
        .map((c) => ({ code: c.code, label: c.label, opinions: byCategory.get(c.code)! })),
    },
    ...(run ? { grouping: describeGrouping(run.parameters as AnalysisMethod) } : {}),
    amendments: amendments.map((a) => ({
      itemNumber: a.number,
      heading: a.heading,
      changed: a.changed ?? false,
      afterText: a.changed ? a.after_text : null,
      amendedText: a.changed ? (a.amended_text ?? '') : null,
      note: a.note ?? '',
    })),
    rows: tableRows,
  };
}

/**
 * Publishes the result (admins, after the period has closed): a new immutable version. The
 * period is checked inside the transaction, against the consultation row locked for update,
 * so a period changed concurrently cannot slip through, and versions never collide.
 */
export async function publishResults(
  db: Db,
  actor: StaffActor,
  input: { consultationId: number },
  ipHash: string | null = null,
  now = new Date(),
): Promise<PublishResult> {
  assertPermission(actor, 'result.publish');
  return db.transaction(async (tx): Promise<PublishResult> => {
    const [c] = await tx.select().from(consultations).where(and(eq(consultations.id, input.consultationId), caseScope(actor))).for('update');
    if (!c) return { ok: false, error: 'notFound' };
    // The sorts of a large result (100,000 opinions: about 10 MB) in memory, not on disk.
    await tx.execute(sql`set local work_mem = '32MB'`);
    if (now < c.closesAt) return { ok: false, error: 'notClosed', closesAt: c.closesAt.toISOString() };
    const ready = await countOpinions(tx, c.id);
    if (ready.unanswered > 0) return { ok: false, error: 'unanswered', count: ready.unanswered };
    if (ready.missingSummary > 0) return { ok: false, error: 'missingSummary', count: ready.missingSummary };
    const unreviewed = await unreviewedPersonalData(tx, c.id);
    if (unreviewed.length > 0) return { ok: false, error: 'unreviewedPersonalData', opinions: unreviewed };
    if (ready.published === 0) return { ok: false, error: 'nothingToPublish' };
    const [last] = await tx
      .select({ version: resultPublications.version })
      .from(resultPublications)
      .where(eq(resultPublications.consultationId, c.id))
      .orderBy(desc(resultPublications.version))
      .limit(1);
    const version = (last?.version ?? 0) + 1;
    const snapshot = await buildResultSnapshot(
      tx,
      { id: c.id, slug: c.slug, title: c.title, department: c.department, opensAt: c.opensAt, closesAt: c.closesAt, closed: true },
      version,
      now,
      ready,
    );
    await tx.insert(resultPublications).values({ consultationId: c.id, version, publishedAt: now, publishedBy: actor.id, snapshot });
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'result.published',
      targetType: 'consultation',
      targetId: c.id,
      after: { version, rows: snapshot.rows.length, opinions: snapshot.counts.opinions, submitters: snapshot.counts.submitters },
      ipHash,
    });
    return { ok: true, version, publishedAt: now.toISOString(), slug: c.slug };
  });
}
