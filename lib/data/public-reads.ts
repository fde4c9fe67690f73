import 'server-only';
import { revalidatePath, revalidateTag, unstable_cache } from 'next/cache';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { getPublicConsultation, listPublicConsultations } from './consultations';
import { forgetKnownPublicPaths } from './known-paths';

/**
 * Resident pages change only when staff change a case, so their reads are cached and
 * invalidated by tag on every write (revalidateConsultation). The time limit is only a safety
 * net for writes made outside the app, such as `npm run import`.
 */
const SAFETY_NET_SECONDS = 300;

const LIST_TAG = 'consultations';
export const consultationTag = (slug: string) => `consultation:${slug}`;

export const readPublicConsultations = cache(
  unstable_cache(async () => listPublicConsultations(await getDb()), ['public-consultations'], {
    tags: [LIST_TAG],
    revalidate: SAFETY_NET_SECONDS,
  }),
);

export const readPublicConsultation = cache((slug: string) =>
  unstable_cache(async () => getPublicConsultation(await getDb(), slug), ['public-consultation', slug], {
    tags: [LIST_TAG, consultationTag(slug)],
    revalidate: SAFETY_NET_SECONDS,
  })(),
);

/** Call after any write to a consultation or its items: the next visit reads fresh data. */
export function revalidateConsultation(slug: string): void {
  revalidateTag(LIST_TAG, { expire: 0 });
  revalidateTag(consultationTag(slug), { expire: 0 });
  revalidatePath(`/consultations/${slug}`, 'layout');
  forgetKnownPublicPaths();
}
