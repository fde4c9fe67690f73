import { lt, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { rateLimits } from '@/db/schema';

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Counts one attempt against `rule` for `subject` (an IP hash, an e-mail hash…) in a fixed
 * window, atomically in one statement, so concurrent instances share the count.
 */
export async function consumeRateLimit(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now = new Date(),
): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const key = `${rule.name}:${subject}`;
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`insert into ${rateLimits} (key, window_start, count) values (${key}, ${windowStart.toISOString()}, 1)
        on conflict (key) do update set
          count = case when ${rateLimits.windowStart} = excluded.window_start then ${rateLimits.count} + 1 else 1 end,
          window_start = excluded.window_start
        returning count`,
  );
  const used = Number(row?.count ?? 1);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: used <= rule.limit, remaining: Math.max(0, rule.limit - used), retryAfterSeconds };
}

/** Drops counters whose window ended long ago (run from the outbox worker's idle loop). */
export async function pruneRateLimits(db: Db, olderThan: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, olderThan));
}
