import 'server-only';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations, departments, revisionItems } from '@/db/schema';
import { parseRevisionTable } from './parse-revision-table';

/** An item upsert by (case, number): the content is replaced, the row (and its id) kept. */
export const ITEM_UPSERT = {
  target: [revisionItems.consultationId, revisionItems.number],
  set: {
    page: sql`excluded.page`,
    heading: sql`excluded.heading`,
    headingKind: sql`excluded.heading_kind`,
    before: sql`excluded.before`,
    after: sql`excluded.after`,
    beforeText: sql`excluded.before_text`,
    afterText: sql`excluded.after_text`,
    updatedAt: sql`now()`,
  },
};

export type ImportOptions = {
  slug: string;
  department: string;
  opensAt: Date;
  closesAt: Date;
  howToSubmit?: string;
  /** Keep the period and department of a case that already exists (a re-seed must not move them). */
  keepExistingSettings?: boolean;
};

export type ImportResult = { consultationId: number; itemCount: number; created: boolean };

/**
 * Imports a revision table into one consultation, in one transaction: the case is created or
 * updated in place by slug, items are upserted by number, and items no longer in the file are
 * removed. A malformed file throws RevisionTableError before anything is written.
 */
export async function importRevisionTable(db: Db, source: string, options: ImportOptions): Promise<ImportResult> {
  const parsed = parseRevisionTable(source);
  if (options.closesAt <= options.opensAt) throw new Error('closesAt must be after opensAt');

  return db.transaction(async (tx) => {
    const existing = await tx.query.consultations.findFirst({ where: eq(consultations.slug, options.slug) });
    // 担当課 by name, created if new: the command line has shell access and no actor.
    await tx.insert(departments).values({ name: options.department.trim() }).onConflictDoNothing({ target: departments.name });
    const [department] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.name, options.department.trim()));
    const settings =
      existing && options.keepExistingSettings
        ? {}
        : {
            department: options.department,
            departmentId: department!.id,
            opensAt: options.opensAt,
            closesAt: options.closesAt,
            ...(options.howToSubmit !== undefined ? { howToSubmit: options.howToSubmit } : {}),
          };
    const [row] = await tx
      .insert(consultations)
      .values({
        slug: options.slug,
        title: parsed.title,
        overview: parsed.overview,
        department: options.department,
        departmentId: department!.id,
        opensAt: options.opensAt,
        closesAt: options.closesAt,
        howToSubmit: options.howToSubmit ?? '',
      })
      .onConflictDoUpdate({
        target: consultations.slug,
        set: { title: parsed.title, overview: parsed.overview, ...settings, updatedAt: sql`now()` },
      })
      .returning({ id: consultations.id });
    if (!row) throw new Error('consultation upsert returned no row');

    const numbers = parsed.items.map((item) => item.number);
    await tx
      .delete(revisionItems)
      .where(and(eq(revisionItems.consultationId, row.id), notInArray(revisionItems.number, numbers)));
    await tx
      .insert(revisionItems)
      .values(parsed.items.map((item) => ({ ...item, consultationId: row.id })))
      .onConflictDoUpdate(ITEM_UPSERT);
    return { consultationId: row.id, itemCount: parsed.items.length, created: !existing };
  });
}

/** Midnight at the start of a day in Japan, `days` days from `from`. */
export function startOfDayInJapan(from: Date, days = 0): Date {
  const japan = new Date(from.getTime() + 9 * 3_600_000);
  const utcMidnight = Date.UTC(japan.getUTCFullYear(), japan.getUTCMonth(), japan.getUTCDate() + days);
  return new Date(utcMidnight - 9 * 3_600_000);
}

/** Parses YYYY-MM-DD as the start of that day in Japan. */
export function parseJapanDate(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new Error(`not a date (YYYY-MM-DD): ${text}`);
  const date = new Date(`${text}T00:00:00+09:00`);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${text}`);
  return date;
}
