/**
 * Per-consultation settings of the comment form: which 区分 a submitter may choose and which
 * fields are required (each city's 要綱 decides). Stored as jsonb on consultations.
 */
export type CommentFormSettings = {
  categories: string[];
  required: { name: boolean; address: boolean; category: boolean; email: boolean };
};

export const DEFAULT_CATEGORIES = ['市内在住', '市内在勤', '市内在学', '市内事業者', '利害関係者', 'その他'];

export const DEFAULT_COMMENT_FORM_SETTINGS: CommentFormSettings = {
  categories: DEFAULT_CATEGORIES,
  required: { name: true, address: true, category: true, email: false },
};
