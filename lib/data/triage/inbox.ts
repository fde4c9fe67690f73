import 'server-only';
import { and, asc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultations, opinionCounts, opinions, submissions, type OpinionStatus, type SubmissionChannel } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { INBOX_PAGE_SIZE, type InboxFilters } from '@/lib/validation/triage';
import { listItemHeadings } from '../consultations';
import { caseScope } from '../departments/scope';
import { listCategories, type CategoryView } from './categories';
import type { OpinionClassification } from './opinions';
import { isSlug } from '@/lib/validation/slug';
import { campaignsOf, inCampaignWhere, oneRowPerCampaignWhere, type CampaignMembership } from '../analysis/campaigns';

export type TriageConsultation = {
  id: number;
  slug: string;
  title: string;
  department: string;
  opensAt: Date;
  closesAt: Date;
  items: { number: number; heading: string }[];
  categories: CategoryView[];
};

/** The consultation as the triage pages need it: items and handling categories. */
export async function getConsultationForTriage(db: Db, actor: StaffActor, slug: string): Promise<TriageConsultation | null> {
  assertPermission(actor, 'submission.read');
  if (!isSlug(slug)) return null;
  const [row] = await db
    .select({ id: consultations.id, slug: consultations.slug, title: consultations.title, department: consultations.department, opensAt: consultations.opensAt, closesAt: consultations.closesAt })
    .from(consultations)
    .where(and(eq(consultations.slug, slug), caseScope(actor)));
  if (!row) return null;
  const items = await listItemHeadings(db, row.id);
  return { ...row, items, categories: await listCategories(db, actor, row.id) };
}

/** Escapes LIKE wildcards so a search for "100%" finds "100%". */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Words of a search, width-normalised (全角ＡＢＣ finds ABC) and split on spaces. */
export function searchWords(q: string | undefined): string[] {
  return (q ?? '').normalize('NFKC').split(/\s+/).filter(Boolean).slice(0, 5);
}

/** Dates in the filters are days in Japan. */
function jstDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+09:00`);
}

/** The WHERE clause of a filter set; shared by the inbox, its counts and the exports. */
export function opinionFilterWhere(consultationId: number, filters: InboxFilters): SQL {
  const conditions: (SQL | undefined)[] = [eq(opinions.consultationId, consultationId)];
  if (filters.item === 'none') conditions.push(isNull(opinions.itemNumber));
  else if (filters.item !== undefined) conditions.push(eq(opinions.itemNumber, filters.item));
  if (filters.category === 'none') conditions.push(isNull(opinions.categoryCode));
  else if (filters.category) conditions.push(eq(opinions.categoryCode, filters.category));
  if (filters.status) conditions.push(eq(opinions.status, filters.status));
  if (filters.channel) conditions.push(eq(opinions.channel, filters.channel));
  if (filters.from) conditions.push(gte(opinions.receivedAt, jstDayStart(filters.from)));
  if (filters.to) conditions.push(lt(opinions.receivedAt, new Date(jstDayStart(filters.to).getTime() + 86_400_000)));
  if (filters.department) conditions.push(eq(opinions.department, filters.department));
  if (filters.campaign) conditions.push(inCampaignWhere(consultationId, filters.campaign));
  switch (filters.flag) {
    case undefined:
      break;
    case 'flagged':
      conditions.push(or(opinions.spam, opinions.outOfScope, opinions.thirdPartyPersonalData, opinions.hidden));
      break;
    case 'clean':
      conditions.push(sql`not (${opinions.spam} or ${opinions.outOfScope} or ${opinions.thirdPartyPersonalData} or ${opinions.hidden})`);
      break;
    default:
      conditions.push(eq(opinions[filters.flag], true));
  }
  for (const word of searchWords(filters.q)) {
    const pattern = likePattern(word);
    // Words without letter case (kanji, kana, digits) use LIKE: the same matches, and about
    // three times faster than ILIKE when a short word leaves the trigram index nothing to use.
    const caseless = word.toLowerCase() === word.toUpperCase();
    conditions.push(
      caseless
        ? sql`(${opinions.text} like ${pattern} or ${opinions.summary} like ${pattern})`
        : sql`(${opinions.text} ilike ${pattern} or ${opinions.summary} ilike ${pattern})`,
    );
  }
  return and(...conditions)!;
}

/** ORDER BY of a sort; each ends with the id so pages never overlap. */
export function opinionOrder(sort: InboxFilters['sort']): SQL[] {
  // The inbox index is (consultation_id, received_at desc nulls last, id desc nulls last).
  const newest = [sql`${opinions.receivedAt} desc nulls last`, sql`${opinions.id} desc nulls last`];
  switch (sort) {
    case 'received_asc':
      return [sql`${opinions.receivedAt} asc nulls first`, sql`${opinions.id} asc nulls first`];
    case 'item':
      return [sql`${opinions.itemNumber} asc nulls first`, ...newest];
    case 'category':
      return [sql`${opinions.categoryCode} asc nulls first`, ...newest];
    case 'status':
      return [asc(opinions.status), ...newest];
    default:
      return newest;
  }
}

/** The columns the inbox and the exports both show of an opinion (joined to its submission). */
export const opinionListColumns = {
  receiptNumber: submissions.receiptNumber,
  channel: opinions.channel,
  receivedAt: opinions.receivedAt,
  itemNumber: opinions.itemNumber,
  text: opinions.text,
  summary: opinions.summary,
  categoryCode: opinions.categoryCode,
  status: opinions.status,
  department: opinions.department,
  spam: opinions.spam,
  outOfScope: opinions.outOfScope,
  thirdPartyPersonalData: opinions.thirdPartyPersonalData,
  hidden: opinions.hidden,
  moderationReason: opinions.moderationReason,
};

export type InboxRow = OpinionClassification & {
  id: number;
  submissionId: number;
  receiptNumber: string;
  channel: SubmissionChannel;
  receivedAt: string;
  late: boolean;
  text: string;
  version: number;
  /** The campaign group the opinion belongs to (after staff decisions), or null. */
  campaign: CampaignMembership | null;
};

/**
 * A filtered inbox counts its matches up to this many, then says 「10,000件以上」: counting every
 * opinion a common word matches among a million takes seconds, and the 200 pages before the
 * limit are more than a clerk pages through (they narrow the filters instead).
 */
export const INBOX_COUNT_LIMIT = 10_000;

export type InboxCounts = {
  /** Opinions matching the filters (flagged ones included: they are listed), at most INBOX_COUNT_LIMIT when filtered. */
  matchingOpinions: number;
  /** True when more opinions match than matchingOpinions says (the count stopped at the limit). */
  matchingMore: boolean;
  /** Submissions to the consultation, and the opinions split from them. */
  submissions: number;
  opinions: number;
  /** The whole consultation, moderated opinions excluded (the city's practice). */
  counted: number;
  excluded: number;
  byItem: { itemNumber: number | null; count: number }[];
  byCategory: { categoryCode: string | null; count: number }[];
  byStatus: { status: OpinionStatus; count: number }[];
};

export type InboxPage = { rows: InboxRow[]; page: number; pageCount: number; counts: InboxCounts };

/** The inbox's rows for a filter set, within the actor's departments (the list, and previous/next from a submission). */
export function inboxWhere(actor: StaffActor, consultationId: number, filters: InboxFilters): SQL {
  const filtered = and(opinionFilterWhere(consultationId, filters), caseScope(actor, opinions.consultationId))!;
  // One row per campaign group: its other members are reached through the group's row.
  return filters.view === 'campaigns' ? and(filtered, oneRowPerCampaignWhere(consultationId))! : filtered;
}

/**
 * The inbox's order as keys a row can be compared by (previous/next from a submission), in
 * the same order as opinionOrder: nulls become the smallest value, which is where
 * `desc nulls last` and `asc nulls first` put them.
 */
export function opinionOrderKeys(sort: InboxFilters['sort']): { key: SQL; direction: 'asc' | 'desc' }[] {
  // received_at is never null; left bare, the inbox index serves the order and the comparison.
  const newest = [
    { key: sql`${opinions.receivedAt}`, direction: 'desc' as const },
    { key: sql`${opinions.id}`, direction: 'desc' as const },
  ];
  switch (sort) {
    case 'received_asc':
      return newest.map((k) => ({ ...k, direction: 'asc' as const }));
    case 'item':
      return [{ key: sql`coalesce(${opinions.itemNumber}, -1)`, direction: 'asc' }, ...newest];
    case 'category':
      return [{ key: sql`coalesce(${opinions.categoryCode}, '')`, direction: 'asc' }, ...newest];
    case 'status':
      return [{ key: sql`${opinions.status}`, direction: 'asc' }, ...newest];
    default:
      return newest;
  }
}

/**
 * One page of the inbox: opinions matching the filters, sorted, 50 a page, with the counts at
 * a glance. The page's ids are picked first from the index alone (a deep page skips index
 * entries, not joined rows), then only those 50 rows are joined to their submissions.
 */
export async function listInbox(
  db: Db,
  actor: StaffActor,
  consultation: { id: number; closesAt: Date },
  filters: InboxFilters,
  { countLimit = INBOX_COUNT_LIMIT }: { countLimit?: number } = {},
): Promise<InboxPage> {
  assertPermission(actor, 'submission.read');
  const where = inboxWhere(actor, consultation.id, filters);
  const order = opinionOrder(filters.sort);
  const page = filters.page ?? 1;

  const unfiltered = Object.entries(filters).every(([key, value]) => value === undefined || key === 'sort' || key === 'page');
  const [matching, counts] = await Promise.all([
    unfiltered
      ? Promise.resolve(null)
      : queryRows<{ n: number | string }>(db, sql`select count(*) as n from (select 1 from ${opinions} where ${where} limit ${countLimit + 1}) as matching`),
    consultationCounts(db, actor, consultation.id),
  ]);
  const counted = matching ? Number(matching[0]?.n ?? 0) : counts.opinions;
  const matchingMore = matching !== null && counted > countLimit;
  const matchingOpinions = matchingMore ? countLimit : counted;
  const pageCount = Math.max(1, Math.ceil(matchingOpinions / INBOX_PAGE_SIZE));

  const pageIds = db
    .select({ id: opinions.id })
    .from(opinions)
    .where(where)
    .orderBy(...order)
    .limit(INBOX_PAGE_SIZE)
    .offset((Math.min(page, pageCount) - 1) * INBOX_PAGE_SIZE);
  const rows = await db
    .select({
      id: opinions.id,
      submissionId: opinions.submissionId,
      ...opinionListColumns,
      version: opinions.version,
    })
    .from(opinions)
    .innerJoin(submissions, eq(submissions.id, opinions.submissionId))
    .where(inArray(opinions.id, pageIds))
    .orderBy(...order);

  const campaigns = await campaignsOf(db, consultation.id, rows.map((r) => r.id));
  return {
    rows: rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), late: r.receivedAt >= consultation.closesAt, campaign: campaigns.get(r.id) ?? null })),
    page: Math.min(page, pageCount),
    pageCount,
    counts: { ...counts, matchingOpinions, matchingMore },
  };
}

/**
 * The counts at a glance from opinion_counts, which triggers keep current on every write
 * (db/migrations/*_triage_counts.sql): one index lookup, whatever the number of opinions.
 */
async function consultationCounts(db: Db, actor: StaffActor, consultationId: number): Promise<Omit<InboxCounts, 'matchingOpinions' | 'matchingMore'>> {
  const rows = await db
    .select({ dimension: opinionCounts.dimension, key: opinionCounts.key, n: opinionCounts.n })
    .from(opinionCounts)
    .where(and(eq(opinionCounts.consultationId, consultationId), caseScope(actor, opinionCounts.consultationId), sql`${opinionCounts.n} <> 0`));
  const of = (dimension: string) => rows.filter((r) => r.dimension === dimension);
  const single = (dimension: string) => Number(of(dimension)[0]?.n ?? 0);
  const opinionsTotal = single('all');
  const excluded = single('excluded');
  return {
    submissions: single('submissions'),
    opinions: opinionsTotal,
    counted: opinionsTotal - excluded,
    excluded,
    byItem: of('item')
      .map((r) => ({ itemNumber: r.key === '' ? null : Number(r.key), count: Number(r.n) }))
      .sort((a, b) => (a.itemNumber ?? 0) - (b.itemNumber ?? 0)),
    byCategory: of('category')
      .map((r) => ({ categoryCode: r.key === '' ? null : r.key, count: Number(r.n) }))
      .sort((a, b) => (a.categoryCode ?? '').localeCompare(b.categoryCode ?? '')),
    byStatus: of('status').map((r) => ({ status: r.key as OpinionStatus, count: Number(r.n) })),
  };
}

