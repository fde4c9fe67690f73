import 'server-only';
import { cache } from 'react';
import { processDb } from '@/db/client';
import { getPublishedResult } from './public';
import { isSlug } from '@/lib/validation/slug';

/** The public result, read from its snapshot once per request (the page cache keeps pages). */
export const readPublishedResult = cache(async (slug: string, version?: number) =>
  isSlug(slug) ? getPublishedResult(await processDb(), slug, version) : null,
);
