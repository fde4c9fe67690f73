import 'server-only';
import { processDb } from '@/db/client';
import { consultations, revisionItems } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { isPublicCase } from './consultations';

/**
 * Which case slugs and item numbers exist, kept in memory for a few seconds. The proxy uses
 * it to answer unknown public URLs with a server-rendered 404: Next.js renders `notFound()`
 * thrown from a page as an empty body until JavaScript runs (vercel/next.js#62228), which
 * leaves residents without JavaScript on a blank page.
 */
const TTL_MS = 10_000;
/** A miss reloads the list at most this often, so a new case is found at once but a flood of
 * made-up URLs costs one query a second, not one each. */
const MISS_RELOAD_MS = 1_000;

type Known = { loadedAt: number; items: Map<string, Set<number>> };
const globalForPaths = globalThis as unknown as { __knownPublicPaths?: Promise<Known> };

async function load(): Promise<Known> {
  const db = await processDb();
  const rows = await db
    .select({ slug: consultations.slug, number: revisionItems.number })
    .from(consultations)
    .leftJoin(revisionItems, eq(revisionItems.consultationId, consultations.id))
    .where(isPublicCase);
  const items = new Map<string, Set<number>>();
  for (const row of rows) {
    const numbers = items.get(row.slug) ?? new Set<number>();
    if (row.number !== null) numbers.add(row.number);
    items.set(row.slug, numbers);
  }
  return { loadedAt: Date.now(), items };
}

async function known(maxAgeMs = TTL_MS): Promise<Known> {
  const current = await globalForPaths.__knownPublicPaths;
  if (current && Date.now() - current.loadedAt < maxAgeMs) return current;
  globalForPaths.__knownPublicPaths = load().catch((error: unknown) => {
    globalForPaths.__knownPublicPaths = undefined;
    throw error;
  });
  return globalForPaths.__knownPublicPaths;
}

/**
 * Whether a `/consultations/...` path names an existing case (and item). Paths of other
 * shapes are left to the router, and so is every path while the database cannot be read: the
 * page then answers for itself (a form post still reaches its action, which says in Japanese
 * that we cannot accept it now).
 */
export async function isKnownConsultationPath(pathname: string): Promise<boolean> {
  const match = /^\/consultations\/([^/]+)(?:\/items\/([^/]+))?(?:\/|$)/.exec(pathname);
  if (!match) return true;
  const [, rawSlug, number] = match;
  const slug = safeDecode(rawSlug!);
  if (slug === null) return false;
  const isKnown = ({ items }: Known) => {
    const numbers = items.get(slug);
    if (!numbers) return false;
    if (number === undefined) return true;
    return /^\d{1,6}$/.test(number) && numbers.has(Number(number));
  };
  try {
    return isKnown(await known()) || isKnown(await known(MISS_RELOAD_MS));
  } catch {
    return true;
  }
}

/** A malformed escape (`%E0%A4%A`) is an unknown path, not an error. */
function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
