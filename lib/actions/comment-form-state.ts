import 'server-only';
import type { SubmissionReceipt } from '@/lib/submissions/receipt';
import type { CommentFormValues } from '@/lib/validation/comment-form-data';

/** Where the resident is in the form: editing (with errors), confirming, or done. */
export type CommentFormState =
  | { step: 'edit'; values: CommentFormValues; errors: Record<string, string>; message?: string }
  | { step: 'confirm'; values: CommentFormValues; idempotencyKey: string; message?: string }
  | { step: 'done'; receipt: SubmissionReceipt }
  /** The same send again (a reload, a double click after a lost answer): the number only. */
  | { step: 'replayed'; receiptNumber: string };
