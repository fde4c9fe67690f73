import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations, consultationSummaries } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import { isSlug } from '@/lib/validation/slug';
import { caseInScope } from '../departments/scope';
import { recordAudit } from '../audit';
import { isPublicCase } from '../consultations';

export type CaseSummaries = Record<Locale, string>;

/** Every language's explanation of a case ('' where staff wrote none). */
export async function listCaseSummaries(db: Db, consultationId: number): Promise<CaseSummaries> {
  const rows = await db
    .select({ locale: consultationSummaries.locale, summary: consultationSummaries.summary })
    .from(consultationSummaries)
    .where(eq(consultationSummaries.consultationId, consultationId));
  const stored = new Map(rows.map((r) => [r.locale, r.summary]));
  return Object.fromEntries(LOCALES.map((l) => [l, stored.get(l) ?? ''])) as CaseSummaries;
}

/** The explanation of a public case in one language, for its page; null where there is none. */
export async function getPublicCaseSummary(db: Db, slug: string, locale: Locale): Promise<string | null> {
  if (!isSlug(slug)) return null;
  const [row] = await db
    .select({ summary: consultationSummaries.summary })
    .from(consultationSummaries)
    .innerJoin(consultations, eq(consultations.id, consultationSummaries.consultationId))
    .where(and(eq(consultations.slug, slug), isPublicCase, eq(consultationSummaries.locale, locale)));
  return row?.summary ?? null;
}

/**
 * Saves the explanations of a case (staff with consultation.manage): a language left empty has
 * none. Audited with the languages changed (the texts are the city's own, not personal data).
 */
export async function saveCaseSummaries(db: Db, actor: StaffActor, consultationId: number, summaries: CaseSummaries, ipHash: string | null = null): Promise<{ ok: true } | { ok: false; error: 'notFound' }> {
  assertPermission(actor, 'consultation.manage');
  return db.transaction(async (tx) => {
    // Only a case of the actor's departments; the lock keeps a department change out until the write is done.
    if (!(await caseInScope(tx, actor, consultationId, { lock: true }))) return { ok: false, error: 'notFound' } as const;
    const before = await listCaseSummaries(tx, consultationId);
    const changed = LOCALES.filter((l) => before[l] !== summaries[l]);
    if (changed.length === 0) return { ok: true } as const;
    const emptied = changed.filter((l) => !summaries[l]);
    const written = changed.filter((l) => summaries[l]);
    if (emptied.length) {
      await tx.delete(consultationSummaries).where(and(eq(consultationSummaries.consultationId, consultationId), inArray(consultationSummaries.locale, emptied)));
    }
    if (written.length) {
      await tx
        .insert(consultationSummaries)
        .values(written.map((locale) => ({ consultationId, locale, summary: summaries[locale], updatedBy: actor.id })))
        .onConflictDoUpdate({
          target: [consultationSummaries.consultationId, consultationSummaries.locale],
          set: { summary: sql`excluded.summary`, updatedBy: actor.id, updatedAt: sql`now()` },
        });
    }
    await recordAudit(tx, { actorId: actor.id, action: 'consultation.summaries_updated', targetType: 'consultation', targetId: consultationId, after: { languages: changed }, ipHash });
    return { ok: true } as const;
  });
}
