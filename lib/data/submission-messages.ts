import { translateCommentErrors } from '@/lib/i18n/translate';
import type { CommentErrorKey } from '@/lib/validation/comment';
import type { SubmitCommentFailure } from './submissions';

/** Japanese text per field, from the error keys of the shared schema. */
export function fieldMessages(fields: Record<string, CommentErrorKey>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([path, key]) => [path, translateCommentErrors(key)]));
}

/** The one Japanese sentence that explains a refused submission. */
export function failureMessage(failure: SubmitCommentFailure): string {
  switch (failure.error) {
    case 'not_found':
      return translateCommentErrors('notFound');
    case 'upcoming':
      return translateCommentErrors('upcoming');
    case 'closed':
      return translateCommentErrors('closed');
    case 'rejected':
      return translateCommentErrors('rejected');
    case 'rate_limited':
      return translateCommentErrors('rateLimited', { minutes: Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) });
    case 'validation':
      return translateCommentErrors('validation');
    case 'idempotency_conflict':
      return translateCommentErrors('idempotencyConflict');
  }
}
