import 'server-only';
import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations, staffDepartments } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/access';
import { isSlug } from '@/lib/validation/slug';
import { roleHasPermission } from '@/lib/auth/permissions';
import { recordAudit } from '../audit';

/** Admins see every department's cases; everyone else only their own departments'. */
export function seesAllDepartments(actor: StaffActor): boolean {
  return !actor.pendingSecondFactor && roleHasPermission(actor.role, 'department.all');
}

/**
 * The WHERE condition that keeps a staff query to the cases the actor may see: `column` holds a
 * consultation id (consultations.id, or a consultation_id of a row hanging off a case). Every
 * staff read and write of a case or its submissions puts this in its WHERE, so a case outside
 * the actor's departments is simply not found (404), and its existence does not leak.
 *
 * On the case row itself (the default) the condition reads the row's own department: a read
 * `for update` that waited for a department change checks the changed row (PostgreSQL re-checks
 * the locked row's columns, not what a subquery over the table saw when the statement began).
 */
export function caseScope(actor: StaffActor, column: AnyColumn | SQL = consultations.id): SQL {
  if (seesAllDepartments(actor)) return sql`true`;
  const own = sql`(select ${staffDepartments.departmentId} from ${staffDepartments} where ${staffDepartments.userId} = ${actor.id})`;
  if (column === consultations.id) return sql`${consultations.departmentId} in ${own}`;
  return sql`${column} in (select ${consultations.id} from ${consultations} where ${consultations.departmentId} in ${own})`;
}

/**
 * Whether the case with this id is one the actor may see (its department is theirs, or they
 * see all). For writes given a consultation id: `for update` locks the case row, so a
 * department change cannot slip between the check and the write.
 */
export async function caseInScope(db: Db, actor: StaffActor, consultationId: number, options: { lock?: boolean } = {}): Promise<boolean> {
  const query = db
    .select({ id: consultations.id })
    .from(consultations)
    .where(and(eq(consultations.id, consultationId), caseScope(actor)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row !== undefined;
}

/**
 * The id of the case with this slug if the actor may see it, else null (unknown, or outside
 * their departments: the same answer, so a case's existence does not leak). Asks no permission:
 * the staff pages of a case ask this before theirs (requireStaffCasePage), and the actions that
 * name a case by its slug after theirs; the data functions they then call check both again.
 *
 * With `auditDenial`, a slug naming a case of another department records `auth.access_denied`
 * (target the case): who tried to reach which case outside their departments. The caller's
 * answer stays the one for an unknown slug.
 */
export async function findCaseInScope(db: Db, actor: StaffActor, slug: string, { auditDenial }: { auditDenial?: { ipHash: string | null } } = {}): Promise<number | null> {
  if (!isSlug(slug)) return null;
  const [row] = await db
    .select({ id: consultations.id, visible: sql<boolean>`${caseScope(actor)}` })
    .from(consultations)
    .where(eq(consultations.slug, slug));
  if (!row) return null;
  if (row.visible) return row.id;
  if (auditDenial) {
    await recordAudit(db, { actorId: actor.id, action: 'auth.access_denied', targetType: 'consultation', targetId: row.id, after: { reason: 'department' }, ipHash: auditDenial.ipHash });
  }
  return null;
}
