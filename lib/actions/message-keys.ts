import type ja from '@/messages/ja.json';

type KeysOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : KeysOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/**
 * A message of the Japanese catalog (messages/ja.json) as `namespace.key`. What an action
 * returns to its form is one of these, so a key that is not in the catalog (a typo, a code
 * without a message) fails `npm run typecheck` instead of showing a raw key to a clerk.
 */
export type MessageKey = KeysOf<typeof ja>;

/**
 * Why the data layer refused a change to a case (lib/data/cases: items, import, lifecycle,
 * settings, documents), in one casing; each is a message under `caseErrors`.
 */
export const CASE_ERROR_CODES = ['notFound', 'wrongState', 'stale', 'commented', 'noItems', 'periodReversed', 'closesInPast', 'notLater', 'slugTaken', 'slugLocked', 'departmentRequired', 'confirmRequired'] as const;
export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number];

/** The message of a refused case change. */
export function caseErrorMessage(code: CaseErrorCode): MessageKey {
  return `caseErrors.${code}`;
}

/**
 * Why a comment was refused (lib/validation/comment.ts, the same for the web form, the API and
 * paper entry), in one casing; each is a message under `commentErrors`.
 */
export const COMMENT_ERROR_CODES = [
  'nameRequired',
  'nameTooLong',
  'addressRequired',
  'addressTooLong',
  'categoryRequired',
  'categoryUnknown',
  'emailRequired',
  'emailInvalid',
  'opinionsRequired',
  'opinionsTooMany',
  'opinionTextRequired',
  'opinionTextTooLong',
  'itemUnknown',
  'controlCharacters',
  'bidiControls',
  'invalidCharacters',
  'lineBreaks',
  'consentRequired',
  'invalid',
] as const;
export type CommentErrorCode = (typeof COMMENT_ERROR_CODES)[number];

/** The message of a refused comment field. */
export function commentErrorMessage(code: CommentErrorCode): MessageKey {
  return `commentErrors.${code}`;
}

/**
 * zod's field errors as message keys: every message of the form schemas (lib/validation) is a
 * catalog key, which message-keys.test.ts checks over their source.
 */
export function schemaFieldErrors(fieldErrors: Record<string, string[] | undefined>): Record<string, MessageKey[]> {
  return fieldErrors as Record<string, MessageKey[]>;
}
