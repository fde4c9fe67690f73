import 'server-only';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import type { AuditFilters } from '@/lib/validation/triage';

export const AUDIT_PAGE_SIZE = 50;

export type AuditRow = {
  id: number;
  occurredAt: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
};

/**
 * The audit log, newest first, for admins. The actor filter matches the staff member's e-mail
 * or name (part of it) or id; action matches a prefix ("opinion." finds every opinion write).
 */
export async function listAuditLog(db: Db, actor: StaffActor, filters: AuditFilters): Promise<{ rows: AuditRow[]; page: number; hasNext: boolean }> {
  assertPermission(actor, 'audit.read');
  const conditions: SQL[] = [];
  if (filters.actor) {
    const pattern = `%${filters.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(${auditLog.actorId} = ${filters.actor} or ${users.email} ilike ${pattern} or ${users.name} ilike ${pattern})`);
  }
  if (filters.action) conditions.push(sql`${auditLog.action} like ${`${filters.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (filters.targetType) conditions.push(eq(auditLog.targetType, filters.targetType));
  if (filters.targetId) conditions.push(eq(auditLog.targetId, filters.targetId));
  if (filters.from) conditions.push(gte(auditLog.occurredAt, new Date(`${filters.from}T00:00:00+09:00`)));
  if (filters.to) conditions.push(lt(auditLog.occurredAt, new Date(new Date(`${filters.to}T00:00:00+09:00`).getTime() + 86_400_000)));
  const page = filters.page ?? 1;
  const rows = await db
    .select({
      id: auditLog.id,
      occurredAt: auditLog.occurredAt,
      actorId: auditLog.actorId,
      actorEmail: users.email,
      actorName: users.name,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  return {
    page,
    hasNext: rows.length > AUDIT_PAGE_SIZE,
    rows: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({
      id: r.id,
      occurredAt: r.occurredAt.toISOString(),
      actorId: r.actorId,
      actorLabel: r.actorName ?? r.actorEmail ?? null,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      before: r.before,
      after: r.after,
    })),
  };
}
