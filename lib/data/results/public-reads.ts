import 'server-only';
import { revalidatePath, revalidateTag, unstable_cache } from 'next/cache';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { getPublishedResult } from './public';

/**
 * The public result is served from its snapshot through the data cache: publishing is the
 * only write that changes it, and it invalidates the tag (revalidatePublishedResult).
 */
const SAFETY_NET_SECONDS = 3600;
export const resultTag = (slug: string) => `result:${slug}`;

export const readPublishedResult = cache((slug: string, version?: number) =>
  unstable_cache(async () => getPublishedResult(await getDb(), slug, version), ['published-result', slug, String(version ?? 'latest')], {
    tags: [resultTag(slug)],
    revalidate: SAFETY_NET_SECONDS,
  })(),
);

export function revalidatePublishedResult(slug: string): void {
  revalidateTag(resultTag(slug), { expire: 0 });
  revalidatePath(`/consultations/${slug}/results`);
}
