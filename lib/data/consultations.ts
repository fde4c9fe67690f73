import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultationDocuments, consultations, revisionItems, type RevisionItemContent, type SubmissionChannels, type TextBlock } from '@/db/schema';
import { isSlug } from '@/lib/validation/slug';

export type ConsultationStatus = 'upcoming' | 'open' | 'closed';

/** What anyone may read of a consultation: built field by field, never spread from a row. */
export type PublicConsultation = {
  slug: string;
  title: string;
  overview: TextBlock[];
  department: string;
  opensAt: string;
  closesAt: string;
  howToSubmit: string;
  channels: SubmissionChannels;
  contact: string;
  /** Set when staff ended the period early: why, for residents. */
  closedEarlyReason: string | null;
  itemCount: number;
};

/** A document as residents see it listed (the content is served by its own route). */
export type PublicDocument = { id: number; name: string; contentType: string; size: number };

export type PublicItem = RevisionItemContent;

export type PublicConsultationWithItems = PublicConsultation & { items: PublicItem[]; documents: PublicDocument[] };

/** Draft cases are staff's alone: every public read filters them out in its WHERE. */
export const isPublicCase = eq(consultations.draft, false);

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
    channels: { postalAddress: row.channels.postalAddress, fax: row.channels.fax, email: row.channels.email, counter: row.channels.counter },
    contact: row.contact,
    closedEarlyReason: row.closedEarlyReason,
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
    where: isPublicCase,
    orderBy: (c, { desc }) => [desc(c.opensAt)],
    with: { items: { columns: { id: true } } },
  });
  return rows.map((row) => toPublicConsultation(row, row.items.length));
}

/** One consultation with its items in number order, or null. */
export async function getPublicConsultation(db: Db, slug: string): Promise<PublicConsultationWithItems | null> {
  if (!isSlug(slug)) return null;
  const row = await db.query.consultations.findFirst({ where: and(eq(consultations.slug, slug), isPublicCase) });
  if (!row) return null;
  return readConsultationWithItems(db, row);
}

/** A case as residents would see it, whatever its state: staff preview drafts with it. */
export async function readConsultationWithItems(db: Db, row: ConsultationRow): Promise<PublicConsultationWithItems> {
  const [items, documents] = await Promise.all([
    db.select().from(revisionItems).where(eq(revisionItems.consultationId, row.id)).orderBy(asc(revisionItems.number)),
    db
      .select({ id: consultationDocuments.id, name: consultationDocuments.name, contentType: consultationDocuments.contentType, size: consultationDocuments.size })
      .from(consultationDocuments)
      .where(eq(consultationDocuments.consultationId, row.id))
      .orderBy(asc(consultationDocuments.position), asc(consultationDocuments.id)),
  ]);
  return { ...toPublicConsultation(row, items.length), items: items.map(toPublicItem), documents };
}

/** A consultation's item numbers and headings in number order: what pickers and labels need. */
export async function listItemHeadings(db: Db, consultationId: number): Promise<{ number: number; heading: string }[]> {
  return db
    .select({ number: revisionItems.number, heading: revisionItems.heading })
    .from(revisionItems)
    .where(eq(revisionItems.consultationId, consultationId))
    .orderBy(asc(revisionItems.number));
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
