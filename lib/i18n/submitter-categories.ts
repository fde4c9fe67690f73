/**
 * The submitter categories (区分) are stored and shown in Japanese: they are the city's record,
 * and staff may write their own per case (comment-form-settings.ts). The default ones have a
 * meaning in every resident language (messages/*.json, comment.categoryNames), shown beside
 * the Japanese value; a category staff wrote themselves is shown as written.
 */
export const SUBMITTER_CATEGORY_KEYS = {
  市内在住: 'resident',
  市内在勤: 'worker',
  市内在学: 'student',
  市内事業者: 'business',
  利害関係者: 'stakeholder',
  その他: 'other',
} as const;

export type SubmitterCategoryKey = (typeof SUBMITTER_CATEGORY_KEYS)[keyof typeof SUBMITTER_CATEGORY_KEYS];

/** The catalog key of a category's meaning, or null for a category staff wrote themselves. */
export function submitterCategoryKey(category: string): SubmitterCategoryKey | null {
  return Object.hasOwn(SUBMITTER_CATEGORY_KEYS, category) ? SUBMITTER_CATEGORY_KEYS[category as keyof typeof SUBMITTER_CATEGORY_KEYS] : null;
}
