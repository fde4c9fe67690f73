import { z } from '@/lib/validation/zod';
import type { CommentFormSettings } from '@/db/schema/comment-form-settings';
import { OPINION_MAX_CHARS, OPINIONS_MAX } from './comment-limits';
import { charCount, hasVisibleText, ruledText, textProblem, trimInvisible, type TextProblem } from './text';

export { OPINION_MAX_CHARS, OPINIONS_MAX };

/**
 * Error messages are keys of the `commentErrors` catalog in messages/ja.json, so the client
 * (zodResolver) and the server (HTTP API, server action) show the same Japanese text.
 */
export type CommentErrorKey =
  | 'nameRequired'
  | 'nameTooLong'
  | 'addressRequired'
  | 'addressTooLong'
  | 'categoryRequired'
  | 'categoryUnknown'
  | 'emailRequired'
  | 'emailInvalid'
  | 'opinionsRequired'
  | 'opinionsTooMany'
  | 'opinionTextRequired'
  | 'opinionTextTooLong'
  | 'itemUnknown'
  | TextProblem
  | 'consentRequired'
  | 'invalid';

// Every text field follows the text rule of lib/validation/text.ts (what is refused, how
// accepted text is normalised and trimmed, what counts as empty): read it there.
const ruled = (multiline: boolean) =>
  ruledText<CommentErrorKey>({ multiline, invalid: 'invalid', message: (problem) => problem });

const oneLine = (max: number, required: boolean, requiredKey: CommentErrorKey, tooLongKey: CommentErrorKey) =>
  ruled(false)
    .refine((s) => !required || hasVisibleText(s), { error: requiredKey, abort: true })
    .refine((s) => charCount(s) <= max, { error: tooLongKey });

// Built once: a zod schema costs far more to build than to run.
const EMAIL_FORMAT = z.email();

/** E-mail: NFKC, so an address typed in full-width (ｔａｒｏ＠…) is read as ASCII; empty is none. */
const email = (required: boolean) =>
  z
    .string({ error: 'invalid' })
    .optional()
    .superRefine((s, ctx) => {
      const problem = s === undefined ? null : textProblem(trimInvisible(s), { multiline: false });
      if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
    })
    .transform((s) => {
      const normalized = s === undefined ? '' : trimInvisible(s.normalize('NFKC'));
      return hasVisibleText(normalized) ? normalized : undefined;
    })
    .refine((s) => !required || s !== undefined, { error: 'emailRequired', abort: true })
    .refine((s) => s === undefined || (s.length <= 254 && EMAIL_FORMAT.safeParse(s).success), { error: 'emailInvalid' });

export type CommentSchemaOptions = {
  settings: CommentFormSettings;
  /** The consultation's item numbers: an opinion must name one of them, or none (全体について). */
  itemNumbers: readonly number[];
};

/**
 * The one schema of a comment submission: used by react-hook-form (zodResolver), the server
 * action and the HTTP API. The input shape is the API body.
 */
export function commentSchema({ settings, itemNumbers }: CommentSchemaOptions) {
  const items = new Set(itemNumbers);
  const { required } = settings;
  return z.object({
    submitter: z.object(
      {
        name: oneLine(100, required.name, 'nameRequired', 'nameTooLong'),
        address: oneLine(200, required.address, 'addressRequired', 'addressTooLong'),
        category: z
          .string({ error: 'invalid' })
          .optional()
          .transform((s) => (s === undefined || s === '' ? undefined : s))
          .refine((s) => !required.category || s !== undefined, { error: 'categoryRequired', abort: true })
          .refine((s) => s === undefined || settings.categories.includes(s), { error: 'categoryUnknown' }),
        email: email(required.email),
      },
      { error: 'invalid' },
    ),
    opinions: z
      .array(
        z.object(
          {
            itemNumber: z
              .number({ error: 'itemUnknown' })
              .int({ error: 'itemUnknown' })
              .nullable()
              .refine((n) => n === null || items.has(n), { error: 'itemUnknown' }),
            text: ruled(true)
              .refine(hasVisibleText, { error: 'opinionTextRequired', abort: true })
              .refine((s) => charCount(s) <= OPINION_MAX_CHARS, { error: 'opinionTextTooLong' }),
          },
          { error: 'invalid' },
        ),
        { error: 'opinionsRequired' },
      )
      .min(1, { error: 'opinionsRequired' })
      .max(OPINIONS_MAX, { error: 'opinionsTooMany' }),
    consent: z.literal(true, { error: 'consentRequired' }),
  }, { error: 'invalid' });
}

export type Comment = z.output<ReturnType<typeof commentSchema>>;

const KNOWN_KEYS = new Set<string>([
  'nameRequired', 'nameTooLong', 'addressRequired', 'addressTooLong', 'categoryRequired', 'categoryUnknown',
  'emailRequired', 'emailInvalid', 'opinionsRequired', 'opinionsTooMany', 'opinionTextRequired',
  'opinionTextTooLong', 'itemUnknown', 'controlCharacters', 'bidiControls', 'invalidCharacters', 'lineBreaks',
  'consentRequired', 'invalid',
]);

/** Error key per field path (`submitter.name`, `opinions.0.text`, `opinions`…), first one wins. */
export function commentErrorKeys(issues: readonly z.core.$ZodIssue[]): Record<string, CommentErrorKey> {
  const fields: Record<string, CommentErrorKey> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || 'form';
    const key = (KNOWN_KEYS.has(issue.message) ? issue.message : 'invalid') as CommentErrorKey;
    fields[path] ??= key;
  }
  return fields;
}
