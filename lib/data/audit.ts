import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';

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
