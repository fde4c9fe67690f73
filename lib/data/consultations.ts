import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations, revisionItems, type RevisionItemContent } from '@/db/schema';
import { isSlug } from '@/lib/validation/slug';

export type ConsultationStatus = 'upcoming' | 'open' | 'closed';

/** What anyone may read of a consultation: built field by field, never spread from a row. */
export type PublicConsultation = {
  slug: string;
  title: string;
  overview: string[];
  department: string;
  opensAt: string;
  closesAt: string;
  howToSubmit: string;
  itemCount: number;
};

export type PublicItem = RevisionItemContent;

export type PublicConsultationWithItems = PublicConsultation & { items: PublicItem[] };

export function consultationStatus(c: { opensAt: string | Date; closesAt: string | Date }, now: Date): ConsultationStatus {
  if (now < new Date(c.opensAt)) return 'upcoming';
  if (now >= new Date(c.closesAt)) return 'closed';
  return 'open';
}

type ConsultationRow = typeof consultations.$inferSelect;

function toPublicConsultation(row: ConsultationRow, itemCount: number): PublicConsultation {
  return {
    slug: row.slug,
    title: row.title,
    overview: row.overview,
    department: row.department,
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    howToSubmit: row.howToSubmit,
    itemCount,
  };
}

function toPublicItem(row: typeof revisionItems.$inferSelect): PublicItem {
  return {
    number: row.number,
    page: row.page,
    heading: row.heading,
    headingKind: row.headingKind,
    before: row.before,
    after: row.after,
    beforeText: row.beforeText,
    afterText: row.afterText,
  };
}

/** Every consultation, newest period first, with its item count. */
export async function listPublicConsultations(db: Db): Promise<PublicConsultation[]> {
  const rows = await db.query.consultations.findMany({
    orderBy: (c, { desc }) => [desc(c.opensAt)],
    with: { items: { columns: { id: true } } },
  });
  return rows.map((row) => toPublicConsultation(row, row.items.length));
}

/** One consultation with its items in number order, or null. */
export async function getPublicConsultation(db: Db, slug: string): Promise<PublicConsultationWithItems | null> {
  if (!isSlug(slug)) return null;
  const row = await db.query.consultations.findFirst({ where: eq(consultations.slug, slug) });
  if (!row) return null;
  const items = await db
    .select()
    .from(revisionItems)
    .where(eq(revisionItems.consultationId, row.id))
    .orderBy(asc(revisionItems.number));
  return { ...toPublicConsultation(row, items.length), items: items.map(toPublicItem) };
}

/** A consultation's item numbers and headings in number order: what pickers and labels need. */
export async function listItemHeadings(db: Db, consultationId: number): Promise<{ number: number; heading: string }[]> {
  return db
    .select({ number: revisionItems.number, heading: revisionItems.heading })
    .from(revisionItems)
    .where(eq(revisionItems.consultationId, consultationId))
    .orderBy(asc(revisionItems.number));
}

/** The consultation's internal id by slug (for writes that hang off it). */
export async function findConsultationId(db: Db, slug: string): Promise<number | null> {
  if (!isSlug(slug)) return null;
  const [row] = await db
    .select({ id: consultations.id })
    .from(consultations)
    .where(eq(consultations.slug, slug))
    .limit(1);
  return row?.id ?? null;
}

export type ItemFilters = { kind?: string; page?: number; q?: string };

/** Items matching the filters; words match the heading and both texts, ignoring width and case. */
export function filterItems(items: PublicItem[], filters: ItemFilters): PublicItem[] {
  const words = normalizeForSearch(filters.q ?? '')
    .split(' ')
    .filter(Boolean);
  return items.filter((item) => {
    if (filters.kind && item.headingKind !== filters.kind) return false;
    if (filters.page !== undefined && item.page !== filters.page) return false;
    if (words.length === 0) return true;
    const haystack = normalizeForSearch(`${item.heading} ${item.beforeText} ${item.afterText}`);
    return words.every((w) => haystack.includes(w));
  });
}

export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
