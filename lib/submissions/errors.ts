import 'server-only';

/** The unique indexes of `submissions` a write can run into (db/schema/submissions.ts). */
export const RECEIPT_NUMBER_KEY = 'submissions_receipt_number_key';
export const IDEMPOTENCY_KEY = 'submissions_idempotency_key';

/** The name of the unique index a statement violated, or null (postgres.js and PGlite alike). */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name: constraintName, constraint } = e as { code?: string; constraint_name?: string; constraint?: string };
    if (code === '23505') return constraintName ?? constraint ?? 'unknown';
  }
  return null;
}
