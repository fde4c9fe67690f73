import 'server-only';
import { cache } from 'react';
import { processDb } from '@/db/client';
import { isSlug } from '@/lib/validation/slug';
import { getPublicConsultation, listPublicConsultations } from './consultations';

/**
 * Reads for resident pages, once per request. Whole pages are kept by the page cache in
 * server.mjs (in memory, PAGE_CACHE_SECONDS), not by Next.js's data cache: that one lives in
 * .next/cache on disk, outlives restarts and would serve a list read from another database.
 */
export const readPublicConsultations = cache(async () => listPublicConsultations(await processDb()));

export const readPublicConsultation = cache(async (slug: string) => (isSlug(slug) ? getPublicConsultation(await processDb(), slug) : null));
