import { z } from '@/lib/validation/zod';
import { SLUG_PATTERN } from './slug';
import { charCount, staffText } from './text';

/** A one-line field that must not be empty, at most `max` characters. */
const requiredLine = (max: number, required: string) =>
  staffText(false)
    .refine((s) => s.length > 0, { error: required, abort: true })
    .refine((s) => charCount(s) <= max, { error: 'caseErrors.tooLong' });
const optionalText = (multiline: boolean, max: number) => staffText(multiline).refine((s) => charCount(s) <= max, { error: 'caseErrors.tooLong' });
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true');

export const CASE_CATEGORY_LIMIT = 20;

/** The case settings form (/staff/consultations/new and each case's settings page). */
export const caseFormSchema = z.object({
  /** Absent on the create form; the settings form posts the case it edits. */
  consultation: z.string().optional(),
  title: requiredLine(200, 'caseErrors.titleRequired'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, { error: 'caseErrors.slugInvalid' })
    // /staff/consultations/new is the create page.
    .refine((s) => s !== 'new', { error: 'caseErrors.slugTaken' }),
  /** 担当課: a department id from the form's list (the data layer checks the actor may use it). */
  departmentId: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,8}$/, { error: 'caseErrors.departmentRequired' })
    .transform(Number),
  overview: optionalText(true, 20_000),
  postalAddress: optionalText(true, 300),
  fax: optionalText(false, 50).refine((s) => s === '' || /^[0-9０-９()（）\-－ー‐ ]+$/.test(s), { error: 'caseErrors.faxInvalid' }),
  email: optionalText(false, 200).refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.normalize('NFKC')), { error: 'caseErrors.emailInvalid' }),
  counter: optionalText(true, 500),
  howToSubmit: optionalText(true, 2_000),
  contact: optionalText(true, 1_000),
  categories: optionalText(true, 2_000).transform((s, ctx) => {
    const lines = [...new Set(s.split('\n').map((line) => line.trim()).filter(Boolean))];
    if (lines.length > CASE_CATEGORY_LIMIT || lines.some((line) => charCount(line) > 50)) {
      ctx.addIssue({ code: 'custom', message: 'caseErrors.categoriesInvalid' });
      return z.NEVER;
    }
    return lines;
  }),
  requireName: checkbox,
  requireAddress: checkbox,
  requireCategory: checkbox,
  requireEmail: checkbox,
}).superRefine((input, ctx) => {
  if (input.requireCategory && input.categories.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['categories'], message: 'caseErrors.categoriesRequired' });
  }
});

export type CaseFormInput = z.infer<typeof caseFormSchema>;

/** `YYYY-MM-DDTHH:MM` from a datetime-local field, read as Japan time. */
const japanDateTime = (error: string) =>
  z.string().transform((s, ctx) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(s);
    const date = match ? new Date(`${s}:00+09:00`) : null;
    if (!date || Number.isNaN(date.getTime()) || new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 16) !== s || date.getUTCFullYear() < 2000) {
      ctx.addIssue({ code: 'custom', message: error });
      return z.NEVER;
    }
    return date;
  });

/** `YYYY-MM-DD` (the last day comments are accepted): the period ends at the start of the next day in Japan. */
const lastDayInJapan = (error: string) =>
  z.string().transform((s, ctx) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    const day = match ? new Date(`${s}T00:00:00+09:00`) : null;
    // Compared back in Japan time, so 2025-02-30 is refused rather than moved to March.
    if (!day || Number.isNaN(day.getTime()) || new Date(day.getTime() + 9 * 3_600_000).toISOString().slice(0, 10) !== s || day.getUTCFullYear() < 2000) {
      ctx.addIssue({ code: 'custom', message: error });
      return z.NEVER;
    }
    return new Date(day.getTime() + 24 * 3_600_000);
  });

export const scheduleFormSchema = z
  .object({
    consultation: z.string().min(1),
    opensAt: japanDateTime('caseErrors.opensAtInvalid'),
    lastDay: lastDayInJapan('caseErrors.lastDayInvalid'),
  })
  .refine((input) => input.lastDay > input.opensAt, { path: ['lastDay'], error: 'caseErrors.periodReversed' });

/** Extending the period, like opening and closing early, is confirmed with a checkbox. */
export const extendFormSchema = z.object({
  consultation: z.string().min(1),
  lastDay: lastDayInJapan('caseErrors.lastDayInvalid'),
  confirm: z.literal('on', { error: 'caseErrors.confirmRequired' }),
});

export const closeEarlyFormSchema = z.object({
  consultation: z.string().min(1),
  reason: requiredLine(500, 'caseErrors.reasonRequired'),
  confirm: z.literal('on', { error: 'caseErrors.confirmRequired' }),
});

export const openNowFormSchema = z.object({
  consultation: z.string().min(1),
  confirm: z.literal('on', { error: 'caseErrors.confirmRequired' }),
});

/** One revision item typed by staff while the case is a draft. */
export const itemFormSchema = z.object({
  consultation: z.string().min(1),
  /** Absent when adding: the new item gets the next number. */
  number: z.coerce.number().int().min(1).max(9999).optional(),
  page: z.coerce.number({ error: 'caseErrors.pageInvalid' }).int({ error: 'caseErrors.pageInvalid' }).min(1, { error: 'caseErrors.pageInvalid' }).max(9999, { error: 'caseErrors.pageInvalid' }),
  heading: requiredLine(200, 'caseErrors.headingRequired'),
  before: optionalText(true, 20_000),
  after: optionalText(true, 20_000).refine((s) => s.length > 0, { error: 'caseErrors.afterRequired' }),
});

export const removeItemFormSchema = z.object({ consultation: z.string().min(1), number: z.coerce.number().int().min(1) });

export const removeDocumentFormSchema = z.object({ consultation: z.string().min(1), document: z.coerce.number().int().min(1) });

export const importFormSchema = z.object({
  consultation: z.string().min(1),
  intent: z.enum(['preview', 'commit']).default('preview'),
  file: z.instanceof(File, { error: 'caseErrors.fileRequired' }).refine((f) => f.size > 0, { error: 'caseErrors.fileRequired' }),
  digest: z.string().max(100).optional(),
  confirmOpen: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
});
