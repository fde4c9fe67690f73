import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { isPublicCase } from '@/lib/data/consultations';
import type { Db } from '@/db/client';
import { consultations, resultPublications } from '@/db/schema';
import type { ResultSnapshot, ResultVersion } from '@/db/schema/result-snapshot';
import { isSlug } from '@/lib/validation/slug';

export type PublicResult =
  /** Published: the chosen (or latest) version and the list of all versions, newest first. */
  | { status: 'published'; snapshot: ResultSnapshot; versions: ResultVersion[] }
  /** The case exists but has no result yet (or not the version asked for). */
  | { status: 'unpublished'; slug: string; title: string; versions: ResultVersion[] };

/**
 * The published result of a case: read from a stored snapshot only, never recomputed. Returns
 * null for an unknown case.
 */
export async function getPublishedResult(db: Db, slug: string, version?: number): Promise<PublicResult | null> {
  if (!isSlug(slug)) return null;
  const [c] = await db
    .select({ id: consultations.id, slug: consultations.slug, title: consultations.title })
    .from(consultations)
    .where(and(eq(consultations.slug, slug), isPublicCase));
  if (!c) return null;
  const versionRows = await db
    .select({ version: resultPublications.version, publishedAt: resultPublications.publishedAt })
    .from(resultPublications)
    .where(eq(resultPublications.consultationId, c.id))
    .orderBy(desc(resultPublications.version));
  const versions = versionRows.map((v) => ({ version: v.version, publishedAt: v.publishedAt.toISOString() }));
  const wanted = version ?? versions[0]?.version;
  if (wanted === undefined || !versions.some((v) => v.version === wanted)) {
    return { status: 'unpublished', slug: c.slug, title: c.title, versions };
  }
  const [row] = await db
    .select({ snapshot: resultPublications.snapshot })
    .from(resultPublications)
    .where(and(eq(resultPublications.consultationId, c.id), eq(resultPublications.version, wanted)));
  return { status: 'published', snapshot: row!.snapshot, versions };
}
