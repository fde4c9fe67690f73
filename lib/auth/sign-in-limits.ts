import 'server-only';
import type { Db } from '@/db/client';
import { consumeRateLimit } from '@/lib/data/rate-limits';
import { env } from '@/lib/env';
import { hashIp } from '@/lib/security/ip-hash';

const WINDOW_SECONDS = 15 * 60;

/**
 * Counts one sign-in link request against the address as asked by this requester (client IP),
 * and against the requester. The address's count is the requester's own: someone else's
 * requests for a clerk's address never use up the clerk's (no lock-out by others), while each
 * requester can send only a few mails to one address and a few in all. Addresses are personal
 * data: the counter's key holds only a keyed hash. Unknown addresses count the same as known
 * ones, so the limit reveals nothing about who is staff.
 */
export async function consumeSignInLimits(db: Db, email: string, ipHash: string, now = new Date()): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const perAddress = await consumeRateLimit(
    db,
    { name: 'sign-in-address', limit: env().AUTH_SIGNIN_LIMIT_PER_ADDRESS, windowSeconds: WINDOW_SECONDS },
    hashIp(`email:${email.toLowerCase()}|requester:${ipHash}`),
    now,
  );
  const perIp = await consumeRateLimit(db, { name: 'sign-in-ip', limit: env().AUTH_SIGNIN_LIMIT_PER_IP, windowSeconds: WINDOW_SECONDS }, ipHash, now);
  return {
    allowed: perAddress.allowed && perIp.allowed,
    retryAfterSeconds: Math.max(perAddress.allowed ? 0 : perAddress.retryAfterSeconds, perIp.allowed ? 0 : perIp.retryAfterSeconds),
  };
}
