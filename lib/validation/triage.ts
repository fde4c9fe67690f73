import { z } from '@/lib/validation/zod';
import { MODERATION_FLAGS, OPINION_STATUSES } from '@/db/schema/triage';
import { SUBMISSION_CHANNELS } from '@/db/schema/submissions';

// The lists the staff pages offer (the database's own values), for pages that may not import db/.
export { MODERATION_FLAGS, OPINION_STATUSES, SUBMISSION_CHANNELS };
import { charCount, staffText, textProblem } from './text';

export const INBOX_PAGE_SIZE = 50;
export const INBOX_SORTS = ['received_desc', 'received_asc', 'item', 'category', 'status'] as const;

/** A calendar day `YYYY-MM-DD` that exists (2025-02-30 does not: it would fail in the database). */
const isoDay = (params?: { error: string }) =>
  z.string().refine((s) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!match) return false;
    const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, params);

/**
 * A search param that is absent, empty or malformed counts as "no filter", never as an error;
 * so does one that breaks the text rule (a NUL would otherwise reach PostgreSQL, which refuses it).
 */
const optional = <T extends z.ZodType>(schema: T) =>
  z
    .preprocess((v) => {
      const value = Array.isArray(v) ? v[0] : v;
      if (value === '' || (typeof value === 'string' && textProblem(value, { multiline: false }))) return undefined;
      return value;
    }, schema.optional())
    .catch(undefined);

/**
 * The inbox's filters, read from the URL (so a view can be shared) and used by the inbox,
 * the exports and the bench alike.
 */
export const inboxFiltersSchema = z.object({
  /** An item number, or 'none' for 全体について. */
  item: optional(z.union([z.literal('none'), z.coerce.number().int().positive()])),
  /** A category code, or 'none' for not yet classified. */
  category: optional(z.string().regex(/^([A-Za-z0-9]{1,8}|none)$/)),
  status: optional(z.enum(OPINION_STATUSES)),
  channel: optional(z.enum(SUBMISSION_CHANNELS)),
  from: optional(isoDay()),
  to: optional(isoDay()),
  department: optional(z.string().max(100)),
  /** A moderation flag, 'flagged' (any flag) or 'clean' (no flag). */
  flag: optional(z.enum([...MODERATION_FLAGS, 'flagged', 'clean'])),
  q: optional(z.string().max(100)),
  sort: optional(z.enum(INBOX_SORTS)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
  /** The members of one campaign group (its id: the group's first opinion). */
  campaign: optional(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  /** 'campaigns': one row per campaign group (its representative, with the count). */
  view: optional(z.enum(['campaigns'])),
});

export type InboxFilters = z.infer<typeof inboxFiltersSchema>;

export function parseInboxFilters(params: Record<string, string | string[] | undefined> | URLSearchParams): InboxFilters {
  const record = params instanceof URLSearchParams ? Object.fromEntries(params.entries()) : params;
  return inboxFiltersSchema.parse(record);
}

/** The URL query of a filter set (empty values left out), for links and exports. */
export function inboxQuery(filters: InboxFilters, overrides: Partial<Record<keyof InboxFilters, string | number | undefined>> = {}): string {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = { ...filters, ...overrides };
  for (const [key, value] of Object.entries(merged)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * A submission's page as reached from the inbox: the inbox's filters and the opinion row it
 * was opened from travel with it, so previous/next and the way back keep the clerk's view.
 */
export function submissionPath(slug: string, submissionId: number, filters: InboxFilters, opinionId: number): string {
  const query = inboxQuery(filters);
  return `/staff/consultations/${slug}/submissions/${submissionId}${query ? `${query}&` : '?'}o=${opinionId}`;
}

/** A path submissionPath made for this case: where "save and go to next" may send the clerk, and nowhere else. */
export function isSubmissionPath(slug: string, path: string): boolean {
  const prefix = `/staff/consultations/${slug}/submissions/`;
  return path.startsWith(prefix) && /^\d{1,15}\?[A-Za-z0-9%&=._~+-]*$/.test(path.slice(prefix.length));
}

const bool = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
const optionalText = (max: number, multiline = true) =>
  staffText(multiline)
    .optional()
    .refine((s) => s === undefined || charCount(s) <= max, { error: 'triageErrors.tooLong' });

/** The opinion form: every field an opinion has that staff set. */
export const opinionFormSchema = z.object({
  id: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
  consultation: z.string().min(1),
  /** '' means 全体について. */
  itemNumber: z.string().regex(/^\d*$/, { error: 'triageErrors.itemUnknown' }),
  summary: optionalText(1000),
  categoryCode: z.string().regex(/^[A-Za-z0-9]{0,8}$/, { error: 'triageErrors.categoryUnknown' }),
  status: z.enum(OPINION_STATUSES, { error: 'triageErrors.statusUnknown' }),
  department: optionalText(100, false),
  spam: bool,
  outOfScope: bool,
  thirdPartyPersonalData: bool,
  hidden: bool,
  moderationReason: optionalText(500),
  /** "Save and go to next": the next submission's page (submissionPath), checked by isSubmissionPath. */
  next: z.string().max(2000).optional(),
  then: z.enum(['next']).optional(),
});

export const splitFormSchema = z.object({
  id: z.coerce.number().int().positive(),
  version: z.coerce.number().int().positive(),
  consultation: z.string().min(1),
  marked: z.string().max(20_000),
});

export const BULK_FLAG_ACTIONS = ['spam', 'outOfScope', 'thirdPartyPersonalData', 'hidden', 'clear'] as const;

/**
 * The inbox's bulk form. Each checkbox is named `sel-<id>` and carries the opinion's version,
 * so a bulk change is refused for rows someone else changed since the page was shown.
 */
export const bulkFormSchema = z
  .object({
    consultation: z.string().min(1),
    categoryCode: z.string().regex(/^[A-Za-z0-9]{0,8}$/).optional(),
    status: z.union([z.literal(''), z.enum(OPINION_STATUSES)]).optional(),
    department: optionalText(100, false),
    flag: z.union([z.literal(''), z.enum(BULK_FLAG_ACTIONS)]).optional(),
    moderationReason: optionalText(500),
  })
  .catchall(z.string())
  .transform((input, ctx) => {
    const selections = Object.entries(input)
      .filter(([key]) => /^sel-\d+$/.test(key))
      .map(([key, value]) => ({ id: Number(key.slice(4)), version: Number(value) }))
      .filter((s) => Number.isSafeInteger(s.id) && Number.isSafeInteger(s.version) && s.version > 0);
    // A campaign group's row (the inbox's one-row-per-group view): its representative's version.
    const groups = Object.entries(input)
      .filter(([key]) => /^grp-\d+$/.test(key))
      .map(([key, value]) => ({ group: Number(key.slice(4)), version: Number(value) }))
      .filter((s) => Number.isSafeInteger(s.group) && Number.isSafeInteger(s.version) && s.version > 0);
    if (selections.length === 0 && groups.length === 0) ctx.addIssue({ code: 'custom', path: ['selection'], message: 'triageErrors.noSelection' });
    const { consultation, categoryCode, status, department, flag, moderationReason } = input;
    return { consultation, categoryCode: categoryCode || undefined, status: status || undefined, department: department || undefined, flag: flag || undefined, moderationReason, selections, groups };
  });

export const categoryFormSchema = z.object({
  consultation: z.string().min(1),
  code: z.string().trim().regex(/^[A-Za-z0-9]{1,8}$/, { error: 'triageErrors.categoryCode' }),
  label: staffText(false)
    .refine((s) => s.length > 0, { error: 'triageErrors.categoryLabelRequired', abort: true })
    .refine((s) => charCount(s) <= 100, { error: 'triageErrors.tooLong' }),
  position: z.coerce.number().int().min(0).max(1000).default(0),
});

export const deleteCategorySchema = z.object({ consultation: z.string().min(1), code: z.string().regex(/^[A-Za-z0-9]{1,8}$/) });

/** How many opinion rows the paper form offers (empty rows are ignored). */
export const PAPER_OPINION_ROWS = 5;

export const PAPER_CHANNELS = ['post', 'fax', 'email', 'in_person'] as const;

/** The staff entry of a paper (or e-mail) submission; the comment itself uses commentSchema. */
export const paperMetaSchema = z.object({
  channel: z.enum(PAPER_CHANNELS, { error: 'triageErrors.channelRequired' }),
  receivedOn: isoDay({ error: 'triageErrors.receivedOnRequired' }),
});

export const auditFiltersSchema = z.object({
  actor: optional(z.string().max(200)),
  action: optional(z.string().max(100)),
  targetType: optional(z.string().max(100)),
  targetId: optional(z.string().max(100)),
  from: optional(isoDay()),
  to: optional(isoDay()),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;
