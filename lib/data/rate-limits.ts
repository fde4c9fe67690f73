import 'server-only';
import { lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { rateLimits } from '@/db/schema';

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };
/** `firstRefusal`: this attempt is the first one over the limit in its window (counted in the database). */
export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number; firstRefusal?: boolean };

/**
 * Subjects seen over their limit, with the start of the window in which they were: per
 * database handle, per process. A count only grows within its window, so the refusal holds
 * until the window ends, and later attempts are refused from memory. Without this, a flood
 * from one address queues every request on the lock of that one counter row (and on a commit
 * each), holding pool connections that everyone else's submissions wait for.
 */
const refusedByDb = new WeakMap<Db, Map<string, number>>();
const REFUSED_MAX = 10_000;

function refusedSubjects(db: Db): Map<string, number> {
  let refused = refusedByDb.get(db);
  if (!refused) refusedByDb.set(db, (refused = new Map()));
  return refused;
}

function rememberRefusal(refused: Map<string, number>, key: string, windowStartMs: number): void {
  if (refused.size >= REFUSED_MAX) {
    for (const [k, start] of refused) if (start < windowStartMs) refused.delete(k);
    // Still full within one window (a flood from very many addresses): forget the oldest.
    if (refused.size >= REFUSED_MAX) refused.delete(refused.keys().next().value!);
  }
  refused.set(key, windowStartMs);
}

function windowOf(rule: RateLimitRule, subject: string, now: Date) {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  return {
    key: `${rule.name}:${subject}`,
    windowStart,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now.getTime()) / 1000)),
  };
}

/**
 * Whether `subject` is already known, in this process, to be over its limit in the current
 * window: a check in memory only, that counts nothing. A caller asks this before doing any work
 * for a request, so a flood is turned away at the cost of a map lookup.
 */
export function knownRefusal(db: Db, rule: RateLimitRule, subject: string, now = new Date()): RateLimitResult | null {
  const { key, windowStart, retryAfterSeconds } = windowOf(rule, subject, now);
  return refusedByDb.get(db)?.get(key) === windowStart ? { allowed: false, remaining: 0, retryAfterSeconds } : null;
}

/**
 * The statement that counts one attempt against `rule` for `subject` in its fixed window,
 * returning `count`: atomic, so concurrent instances share the count. Callers that count as part
 * of a larger statement embed it (in a CTE) and pass the count to `rateLimitOutcome`.
 */
export function rateLimitCountSql(rule: RateLimitRule, subject: string, now = new Date(), options: { onlyIf?: SQL } = {}): SQL {
  const { key, windowStart } = windowOf(rule, subject, now);
  const row = options.onlyIf
    ? sql`select ${key}, ${new Date(windowStart).toISOString()}::timestamptz, 1 where ${options.onlyIf}`
    : sql`values (${key}, ${new Date(windowStart).toISOString()}::timestamptz, 1)`;
  return sql`insert into ${rateLimits} (key, window_start, count) ${row}
        on conflict (key) do update set
          count = case when ${rateLimits.windowStart} = excluded.window_start then ${rateLimits.count} + 1 else 1 end,
          window_start = excluded.window_start
        returning count`;
}

/** What a count returned by `rateLimitCountSql` means; a subject over its limit is refused from memory for the rest of the window. */
export function rateLimitOutcome(db: Db, rule: RateLimitRule, subject: string, used: number, now = new Date()): RateLimitResult {
  const { key, windowStart, retryAfterSeconds } = windowOf(rule, subject, now);
  if (used > rule.limit) rememberRefusal(refusedSubjects(db), key, windowStart);
  return { allowed: used <= rule.limit, remaining: Math.max(0, rule.limit - used), retryAfterSeconds, firstRefusal: used === rule.limit + 1 };
}

/**
 * Counts one attempt against `rule` for `subject` (an IP hash, an e-mail hash…) in a fixed
 * window, atomically in one statement, so concurrent instances share the count. A subject
 * already refused in this window is refused again without touching the database.
 */
export async function consumeRateLimit(
  db: Db,
  rule: RateLimitRule,
  subject: string,
  now = new Date(),
): Promise<RateLimitResult> {
  const known = knownRefusal(db, rule, subject, now);
  if (known) return known;
  const [row] = await queryRows<{ count: number }>(db, rateLimitCountSql(rule, subject, now));
  return rateLimitOutcome(db, rule, subject, Number(row?.count ?? 1), now);
}

/** Drops counters whose window ended long ago (run from the outbox worker's idle loop). */
export async function pruneRateLimits(db: Db, olderThan: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, olderThan));
}
