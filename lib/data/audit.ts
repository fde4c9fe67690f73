import 'server-only';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { consumeRateLimit } from './rate-limits';

export type AuditEvent = {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  before?: unknown;
  after?: unknown;
  ipHash?: string | null;
};

/** Appends one event. Call it inside the same transaction as the write it records. */
export async function recordAudit(db: Db, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    actorId: event.actorId,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId === undefined ? null : String(event.targetId),
    before: event.before ?? null,
    after: event.after ?? null,
    ipHash: event.ipHash ?? null,
  });
}

/** Rows that callers nobody signed in for may cause, per client IP and in all, per window. */
export const ANONYMOUS_AUDIT_LIMITS = { perIp: 30, total: 2000, windowSeconds: 15 * 60 };

/**
 * An event anyone can cause without signing in (a denied staff page, a sign-in request, a
 * broken link): recorded while the caller's IP and all anonymous callers together are under
 * their limits (ANONYMOUS_AUDIT_LIMITS); the first event over the IP's limit is recorded as
 * `audit.anonymous_suppressed`, the rest of its window not at all. So the append-only log keeps
 * evidence of an attack without growing at an attacker's will.
 */
export async function recordAnonymousAudit(db: Db, event: AuditEvent & { ipHash: string }): Promise<void> {
  const { perIp, total, windowSeconds } = ANONYMOUS_AUDIT_LIMITS;
  const byIp = await consumeRateLimit(db, { name: 'audit-anonymous-ip', limit: perIp, windowSeconds }, event.ipHash);
  if (!byIp.allowed) {
    if (byIp.firstRefusal) await recordAudit(db, { actorId: null, action: 'audit.anonymous_suppressed', after: { limit: perIp, windowSeconds }, ipHash: event.ipHash });
    return;
  }
  const all = await consumeRateLimit(db, { name: 'audit-anonymous', limit: total, windowSeconds }, 'all');
  if (all.allowed) await recordAudit(db, event);
  else if (all.firstRefusal) await recordAudit(db, { actorId: null, action: 'audit.anonymous_suppressed', after: { limit: total, windowSeconds } });
}
