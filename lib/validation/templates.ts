import { z } from '@/lib/validation/zod';
import { SLUG_PATTERN } from './slug';
import { charCount, staffText } from './text';

// Messages are keys into messages/ja.json (namespace staffTemplates.errors).
const invalid = 'staffTemplates.errors.invalid';

/** A 定型文, new (no id) or edited (id and the version it was read at). */
export const templateFormSchema = z.object({
  consultation: z.string().regex(SLUG_PATTERN, invalid),
  /** 'case': this case's; 'city': every case's (admins). */
  scope: z.enum(['case', 'city'], invalid),
  id: z.coerce.number(invalid).int().positive(invalid).optional(),
  version: z.coerce.number(invalid).int().positive(invalid).optional(),
  title: staffText(false)
    .refine((s) => s.length > 0, { error: 'staffTemplates.errors.emptyTitle', abort: true })
    .refine((s) => charCount(s) <= 100, 'staffTemplates.errors.titleTooLong'),
  body: staffText(true)
    .refine((s) => s.length > 0, { error: 'staffTemplates.errors.emptyBody', abort: true })
    .refine((s) => charCount(s) <= 4000, 'staffTemplates.errors.bodyTooLong'),
});
export type TemplateForm = z.infer<typeof templateFormSchema>;

/** Where a draft can start from: a template, or another group's response. */
export const DRAFT_SOURCE = /^(template|group):(\d{1,15})$/;
