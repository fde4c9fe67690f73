import 'server-only';
import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { consultations, departments, staffDepartments, users } from '@/db/schema';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from '../audit';
import { seesAllDepartments } from './scope';

export type DepartmentView = { id: number; name: string; staffCount: number; caseCount: number };
export type DepartmentChangeResult = { ok: true; id: number } | { ok: false; error: 'exists' | 'notFound' };

/** Every department, by name, with how many staff and cases it has (the staff page). */
export async function listDepartments(db: Db, actor: StaffActor): Promise<DepartmentView[]> {
  assertPermission(actor, 'staff.manage');
  return db
    .select({
      id: departments.id,
      name: departments.name,
      staffCount: sql<number>`(select count(*) from ${staffDepartments} where ${staffDepartments.departmentId} = ${departments.id})`.mapWith(Number),
      caseCount: sql<number>`(select count(*) from ${consultations} where ${consultations.departmentId} = ${departments.id})`.mapWith(Number),
    })
    .from(departments)
    .orderBy(asc(departments.name), asc(departments.id));
}

/**
 * The departments a case form offers this staff member: all for admins, their own otherwise.
 * Scoped in the WHERE, like every case read.
 */
export async function departmentsForCaseForm(db: Db, actor: StaffActor): Promise<{ id: number; name: string }[]> {
  assertPermission(actor, 'console.view');
  return db.select({ id: departments.id, name: departments.name }).from(departments).where(ownDepartments(actor)).orderBy(asc(departments.name), asc(departments.id));
}

function ownDepartments(actor: StaffActor): SQL {
  return seesAllDepartments(actor) ? sql`true` : sql`${departments.id} in (select ${staffDepartments.departmentId} from ${staffDepartments} where ${staffDepartments.userId} = ${actor.id})`;
}

/**
 * The department a case may be put in by this actor, or null (unknown, or not theirs). Call it
 * inside the transaction that writes the case: the department's row is locked (`for share`) until
 * then, so a rename (which rewrites the name on every case of the department) cannot slip between
 * this read and the case's write and leave the case with the old name.
 */
export async function departmentForCase(db: Db, actor: StaffActor, departmentId: number): Promise<{ id: number; name: string } | null> {
  assertPermission(actor, 'console.view');
  const [row] = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.id, departmentId), ownDepartments(actor)))
    .for('share');
  return row ?? null;
}

export async function createDepartment(db: Db, actor: StaffActor, name: string, ipHash: string | null): Promise<DepartmentChangeResult> {
  assertPermission(actor, 'staff.manage');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(departments).values({ name }).onConflictDoNothing({ target: departments.name }).returning({ id: departments.id });
    if (!row) return { ok: false, error: 'exists' } as const;
    await recordAudit(tx, { actorId: actor.id, action: 'department.created', targetType: 'department', targetId: row.id, after: { name }, ipHash });
    return { ok: true, id: row.id } as const;
  });
}

/** Renames a department; its cases show the new name at once (the name is repeated on each case). */
export async function renameDepartment(db: Db, actor: StaffActor, id: number, name: string, ipHash: string | null): Promise<DepartmentChangeResult> {
  assertPermission(actor, 'staff.manage');
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(departments).where(eq(departments.id, id)).for('update');
    if (!before) return { ok: false, error: 'notFound' } as const;
    if (before.name === name) return { ok: true, id } as const;
    const [taken] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.name, name), ne(departments.id, id)));
    if (taken) return { ok: false, error: 'exists' } as const;
    await tx.update(departments).set({ name }).where(eq(departments.id, id));
    await tx.update(consultations).set({ department: name, departmentId: id }).where(eq(consultations.departmentId, id));
    await recordAudit(tx, { actorId: actor.id, action: 'department.renamed', targetType: 'department', targetId: id, before: { name: before.name }, after: { name }, ipHash });
    return { ok: true, id } as const;
  });
}

/** Every staff member's department ids (the staff page). */
export async function listStaffDepartments(db: Db, actor: StaffActor): Promise<Map<string, number[]>> {
  assertPermission(actor, 'staff.manage');
  const rows = await db.select().from(staffDepartments).orderBy(asc(staffDepartments.departmentId));
  const byUser = new Map<string, number[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.departmentId]);
  return byUser;
}

/** Puts a staff member in exactly these departments (unknown ids are refused). */
export async function setStaffDepartments(
  db: Db,
  actor: StaffActor,
  userId: string,
  departmentIds: readonly number[],
  ipHash: string | null,
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'unknownDepartment' }> {
  assertPermission(actor, 'staff.manage');
  const wanted = [...new Set(departmentIds)].sort((a, b) => a - b);
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    if (!user) return { ok: false, error: 'notFound' } as const;
    if (wanted.length > 0) {
      const known = await tx.select({ id: departments.id }).from(departments).where(inArray(departments.id, wanted));
      if (known.length !== wanted.length) return { ok: false, error: 'unknownDepartment' } as const;
    }
    const before = (await tx.select().from(staffDepartments).where(eq(staffDepartments.userId, userId)).orderBy(asc(staffDepartments.departmentId))).map((r) => r.departmentId);
    if (before.join(',') === wanted.join(',')) return { ok: true } as const;
    await tx.delete(staffDepartments).where(eq(staffDepartments.userId, userId));
    if (wanted.length > 0) await tx.insert(staffDepartments).values(wanted.map((departmentId) => ({ userId, departmentId })));
    await recordAudit(tx, { actorId: actor.id, action: 'staff.departments_changed', targetType: 'user', targetId: userId, before: { departments: before }, after: { departments: wanted }, ipHash });
    return { ok: true } as const;
  });
}

/**
 * The department of this name, created if new: for the command line (import, seed), which has
 * shell access and no actor.
 */
export async function ensureDepartment(db: Db, name: string): Promise<number> {
  const trimmed = name.trim();
  await db.insert(departments).values({ name: trimmed }).onConflictDoNothing({ target: departments.name });
  const [row] = await db.select({ id: departments.id }).from(departments).where(eq(departments.name, trimmed));
  return row!.id;
}
