import type { CommentFormValues } from '@/lib/validation/comment-form-data';

/**
 * The resident's unsent draft, kept in this browser only (localStorage, one per case) so that a
 * closed or crashed tab loses nothing. It is never sent anywhere; a sent comment removes it.
 */
const draftKey = (slug: string) => `comment-draft:${slug}`;

/** Keeps the values once something worth keeping is typed (an opinion or a name). */
export function saveDraft(slug: string, values: Partial<CommentFormValues> | undefined): void {
  const hasText = values?.opinions?.some((o) => o?.text?.trim()) || values?.submitter?.name?.trim();
  if (hasText) window.localStorage.setItem(draftKey(slug), JSON.stringify(values));
}

/** The kept draft, if any; one that cannot be read is dropped. */
export function loadDraft(slug: string): CommentFormValues | null {
  try {
    const raw = window.localStorage.getItem(draftKey(slug));
    return raw ? (JSON.parse(raw) as CommentFormValues) : null;
  } catch {
    window.localStorage.removeItem(draftKey(slug));
    return null;
  }
}

export function discardDraft(slug: string): void {
  window.localStorage.removeItem(draftKey(slug));
}
