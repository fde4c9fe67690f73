import { z } from '@/lib/validation/zod';

const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const blankToUndefined = (value: unknown) => {
  const v = single(value);
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
};

/** Filters from the URL. Anything malformed is ignored rather than an error: it is a reading view. */
export const itemFiltersSchema = z.object({
  kind: z.preprocess(blankToUndefined, z.string().max(50).optional().catch(undefined)),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().positive().max(10_000).optional().catch(undefined)),
  q: z.preprocess(blankToUndefined, z.string().max(100).optional().catch(undefined)),
});
