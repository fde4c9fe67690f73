import 'server-only';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { commentTranslators } from '@/lib/i18n/translate';
import type { CommentErrorKey } from '@/lib/validation/comment';
import type { SubmitCommentFailure } from './accept';

/** Text per field in the form's language (Japanese for the API), from the error keys of the shared schema. */
export function fieldMessages(fields: Record<string, CommentErrorKey>, locale: Locale = DEFAULT_LOCALE): Record<string, string> {
  const translateCommentErrors = commentTranslators(locale).commentErrors;
  return Object.fromEntries(Object.entries(fields).map(([path, key]) => [path, translateCommentErrors(key)]));
}

/** The one sentence that explains a refused submission, in the form's language (Japanese for the API). */
export function failureMessage(failure: SubmitCommentFailure, locale: Locale = DEFAULT_LOCALE): string {
  const translateCommentErrors = commentTranslators(locale).commentErrors;
  switch (failure.error) {
    case 'notFound':
      return translateCommentErrors('notFound');
    case 'upcoming':
      return translateCommentErrors('upcoming');
    case 'closed':
      return translateCommentErrors('closed');
    case 'rejected':
      return translateCommentErrors('rejected');
    case 'rateLimited':
      return translateCommentErrors('rateLimited', { minutes: Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) });
    case 'validation':
      return translateCommentErrors('validation');
    case 'idempotencyConflict':
      return translateCommentErrors('idempotencyConflict');
  }
}
