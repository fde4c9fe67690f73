import { z } from '@/lib/validation/zod';
import { SLUG_PATTERN } from './slug';
import { charCount, staffText } from './text';
import { DRAFT_SOURCE } from './templates';

// Messages are keys into messages/ja.json (namespace staffResponses.errors).
const id = z.coerce.number('staffResponses.errors.invalid').int().positive('staffResponses.errors.invalid');
const version = z.coerce.number('staffResponses.errors.invalid').int().min(0, 'staffResponses.errors.invalid');
/** Every form names its case by slug in the field `consultation`, as the triage forms do. */
const consultation = z.string().regex(SLUG_PATTERN, 'staffResponses.errors.invalid');
const itemNumber = z
  .string()
  .trim()
  .regex(/^\d{0,6}$/, 'staffResponses.errors.invalid')
  .transform((v) => (v === '' ? null : Number(v)));

/**
 * Opinions picked for a group: checkboxes named `opinion-<id>` (a form without JavaScript
 * sends each ticked one), or a comma-separated `opinionIds` (a suggested cluster).
 */
export const createGroupSchema = z
  .looseObject({ consultation, itemNumber, opinionIds: z.string().optional() })
  .transform((input, ctx) => {
    const ids = new Set<number>();
    for (const part of (input.opinionIds ?? '').split(',')) if (/^\d+$/.test(part.trim())) ids.add(Number(part.trim()));
    for (const key of Object.keys(input)) {
      const match = /^opinion-(\d+)$/.exec(key);
      if (match) ids.add(Number(match[1]));
    }
    if (ids.size === 0) {
      ctx.addIssue({ code: 'custom', path: ['opinionIds'], message: 'staffResponses.errors.noSelection' });
      return z.NEVER;
    }
    return { consultation: input.consultation, itemNumber: input.itemNumber, opinionIds: [...ids] };
  });

export const groupStepSchema = z.object({ groupId: id, version, consultation });

export const saveDraftSchema = z.object({
  groupId: id,
  version,
  consultation,
  response: staffText(true).refine((s) => charCount(s) <= 10_000, 'staffResponses.errors.tooLong'),
  categoryCode: z
    .string()
    .trim()
    .max(8, 'staffResponses.errors.invalid')
    .transform((v) => (v === '' ? null : v)),
  /** 挿入する: the template ('template:ID') or group ('group:ID') whose text is added. */
  source: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.string().regex(DRAFT_SOURCE, 'staffResponses.errors.noSource').optional()),
  intent: z.enum(['insert']).optional(),
});

export const returnSchema = z.object({
  groupId: id,
  version,
  consultation,
  remark: staffText(true)
    .refine((s) => s.length > 0, { error: 'staffResponses.errors.emptyRemark', abort: true })
    .refine((s) => charCount(s) <= 2_000, 'staffResponses.errors.tooLong'),
});

export const removeMemberSchema = z.object({ groupId: id, version, consultation, opinionId: id });

export const amendmentSchema = z.object({
  consultation,
  itemNumber: id,
  version,
  changed: z.literal('on').optional().transform((v) => v === 'on'),
  amendedText: staffText(true).refine((s) => charCount(s) <= 20_000, 'staffResponses.errors.tooLong').default(''),
  note: staffText(true).refine((s) => charCount(s) <= 2_000, 'staffResponses.errors.tooLong').default(''),
});

export const publishSchema = z.object({ consultation });
