import 'server-only';
import type { Db } from '@/db/client';
import { knownRefusal, type RateLimitRule } from '@/lib/data/rate-limits';
import { env } from '@/lib/env';

/** Submissions per client address (10 minutes) and per e-mail address (an hour), from the env. */
export function submissionRules(): { ip: RateLimitRule; email: RateLimitRule } {
  return {
    ip: { name: 'submission-ip', limit: env().SUBMISSION_LIMIT_PER_IP, windowSeconds: 600 },
    email: { name: 'submission-email', limit: env().SUBMISSION_LIMIT_PER_EMAIL, windowSeconds: 3600 },
  };
}

/**
 * The refusal of a client address already over its submission limit in this window, known in
 * memory (nothing counted, nothing read): callers ask before they even read the request body.
 */
export function knownSubmissionRefusal(db: Db, ipHash: string, now?: Date): { retryAfterSeconds: number } | null {
  return knownRefusal(db, submissionRules().ip, ipHash, now);
}
