import { z } from 'zod';
import type { CommentFormSettings } from './comment-form-settings';

/** Longest opinion, in characters as a person counts them (code points, a line break is one). */
export const OPINION_MAX_CHARS = 2000;
/** More opinions than items (plus 全体について) in one letter is not a person writing. */
export const OPINIONS_MAX = 100;

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
  | 'controlCharacters'
  | 'consentRequired'
  | 'invalid';

// C0 controls other than tab and line breaks, DEL, C1 controls, and invisible direction
// overrides that could disguise text when staff read it.
const BAD_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// One-line fields also refuse line breaks and tabs.
const BAD_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const charCount = (s: string) => [...s].length;

const oneLine = (max: number, required: boolean, requiredKey: CommentErrorKey, tooLongKey: CommentErrorKey) =>
  z
    .string({ error: 'invalid' })
    .refine((s) => !BAD_LINE.test(s), { error: 'controlCharacters', abort: true })
    .transform((s) => s.trim())
    .refine((s) => !required || s.length > 0, { error: requiredKey, abort: true })
    .refine((s) => charCount(s) <= max, { error: tooLongKey });

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
        email: z
          .string({ error: 'invalid' })
          .optional()
          .transform((s) => (s === undefined ? undefined : s.trim() === '' ? undefined : s.trim()))
          .refine((s) => !required.email || s !== undefined, { error: 'emailRequired', abort: true })
          .refine((s) => s === undefined || (s.length <= 254 && z.email().safeParse(s).success), { error: 'emailInvalid' }),
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
            text: z
              .string({ error: 'invalid' })
              .transform((s) => s.replace(/\r\n?/g, '\n'))
              .refine((s) => !BAD_CONTROL.test(s), { error: 'controlCharacters', abort: true })
              .refine((s) => s.trim().length > 0, { error: 'opinionTextRequired', abort: true })
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

export type CommentInput = z.input<ReturnType<typeof commentSchema>>;
export type Comment = z.output<ReturnType<typeof commentSchema>>;

const KNOWN_KEYS = new Set<string>([
  'nameRequired', 'nameTooLong', 'addressRequired', 'addressTooLong', 'categoryRequired', 'categoryUnknown',
  'emailRequired', 'emailInvalid', 'opinionsRequired', 'opinionsTooMany', 'opinionTextRequired',
  'opinionTextTooLong', 'itemUnknown', 'controlCharacters', 'consentRequired', 'invalid',
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
