import { getDb } from '@/db/client';
import { consultations, revisionItems } from '@/db/schema';
import { eq } from 'drizzle-orm';

/**
 * Which case slugs and item numbers exist, kept in memory for a few seconds. The proxy uses
 * it to answer unknown public URLs with a server-rendered 404: Next.js renders `notFound()`
 * thrown from a page as an empty body until JavaScript runs (vercel/next.js#62228), which
 * leaves residents without JavaScript on a blank page.
 */
const TTL_MS = 10_000;

type Known = { loadedAt: number; items: Map<string, Set<number>> };
const globalForPaths = globalThis as unknown as { __knownPublicPaths?: Promise<Known> };

async function load(): Promise<Known> {
  const db = await getDb();
  const rows = await db
    .select({ slug: consultations.slug, number: revisionItems.number })
    .from(consultations)
    .leftJoin(revisionItems, eq(revisionItems.consultationId, consultations.id));
  const items = new Map<string, Set<number>>();
  for (const row of rows) {
    const numbers = items.get(row.slug) ?? new Set<number>();
    if (row.number !== null) numbers.add(row.number);
    items.set(row.slug, numbers);
  }
  return { loadedAt: Date.now(), items };
}

async function known(): Promise<Known> {
  const current = await globalForPaths.__knownPublicPaths;
  if (current && Date.now() - current.loadedAt < TTL_MS) return current;
  globalForPaths.__knownPublicPaths = load().catch((error: unknown) => {
    globalForPaths.__knownPublicPaths = undefined;
    throw error;
  });
  return globalForPaths.__knownPublicPaths;
}

/** Forget what is known, after a write that adds or removes a case or an item. */
export function forgetKnownPublicPaths(): void {
  globalForPaths.__knownPublicPaths = undefined;
}

/**
 * Whether a `/consultations/...` path names an existing case (and item). Paths of other
 * shapes are left to the router.
 */
export async function isKnownConsultationPath(pathname: string): Promise<boolean> {
  const match = /^\/consultations\/([^/]+)(?:\/items\/([^/]+))?(?:\/|$)/.exec(pathname);
  if (!match) return true;
  const { items } = await known();
  const numbers = items.get(decodeURIComponent(match[1]!));
  if (!numbers) return false;
  if (match[2] === undefined) return true;
  return /^\d{1,6}$/.test(match[2]) && numbers.has(Number(match[2]));
}
