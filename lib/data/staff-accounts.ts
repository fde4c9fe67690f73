import 'server-only';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { consultations, sessions, users } from '@/db/schema';
import type { Role } from '@/lib/auth/permissions';
import { assertPermission, type StaffActor } from '@/lib/auth/access';
import { recordAudit } from './audit';
import { caseScope } from './departments/scope';

export type StaffMember = { id: string; email: string; name: string | null; role: Role; disabled: boolean; createdAt: string };
export type StaffChangeResult = { ok: true } | { ok: false; error: 'exists' | 'notFound' | 'lastAdmin' | 'self' };

function toStaffMember(row: typeof users.$inferSelect): StaffMember {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabledAt !== null, createdAt: row.createdAt.toISOString() };
}

export async function listStaff(db: Db, actor: StaffActor): Promise<StaffMember[]> {
  assertPermission(actor, 'staff.manage');
  const rows = await db.select().from(users).orderBy(asc(users.disabledAt), asc(users.email));
  return rows.map(toStaffMember);
}

/** The user who may sign in with this address: registered and not disabled. */
export async function findActiveStaffByEmail(db: Db, email: string): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email.toLowerCase()), isNull(users.disabledAt)))
    .limit(1);
  return row ?? null;
}

export async function addStaff(
  db: Db,
  actor: StaffActor,
  input: { email: string; name: string | null; role: Role },
  ipHash: string | null,
): Promise<StaffChangeResult> {
  assertPermission(actor, 'staff.manage');
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email: input.email.toLowerCase(), name: input.name, role: input.role })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!created) return { ok: false, error: 'exists' } as const;
    await recordAudit(tx, { actorId: actor.id, action: 'staff.added', targetType: 'user', targetId: created.id, after: { role: input.role }, ipHash });
    return { ok: true } as const;
  });
}

/**
 * Locks the active admins' rows, so two admins demoting or disabling each other at the same
 * moment cannot both succeed and leave nobody to manage staff.
 */
async function lockActiveAdmins(tx: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select ${users.id} as id from ${users} where ${users.role} = 'admin' and ${users.disabledAt} is null order by ${users.id} for update`,
  );
  return rows.map((r) => r.id);
}

export async function changeStaffRole(db: Db, actor: StaffActor, userId: string, role: Role, ipHash: string | null): Promise<StaffChangeResult> {
  assertPermission(actor, 'staff.manage');
  return db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const [target] = await tx.select().from(users).where(eq(users.id, userId)).for('update').limit(1);
    if (!target) return { ok: false, error: 'notFound' } as const;
    if (target.role === role) return { ok: true } as const;
    if (role !== 'admin' && admins.length === 1 && admins[0] === userId) return { ok: false, error: 'lastAdmin' } as const;
    await tx.update(users).set({ role }).where(eq(users.id, userId));
    await recordAudit(tx, { actorId: actor.id, action: 'staff.role_changed', targetType: 'user', targetId: userId, before: { role: target.role }, after: { role }, ipHash });
    return { ok: true } as const;
  });
}

export async function setStaffDisabled(db: Db, actor: StaffActor, userId: string, disabled: boolean, ipHash: string | null): Promise<StaffChangeResult> {
  assertPermission(actor, 'staff.manage');
  return db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const [target] = await tx.select().from(users).where(eq(users.id, userId)).for('update').limit(1);
    if (!target) return { ok: false, error: 'notFound' } as const;
    if ((target.disabledAt !== null) === disabled) return { ok: true } as const;
    if (disabled && admins.length === 1 && admins[0] === userId) return { ok: false, error: 'lastAdmin' } as const;
    await tx.update(users).set({ disabledAt: disabled ? new Date() : null }).where(eq(users.id, userId));
    // A disabled account is signed out everywhere at once.
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, { actorId: actor.id, action: disabled ? 'staff.disabled' : 'staff.enabled', targetType: 'user', targetId: userId, ipHash });
    return { ok: true } as const;
  });
}

/**
 * `npm run staff:add`: creates the first admin, or updates an existing account's role and
 * name (and re-enables it). Runs with shell access to the server, so it has no actor; it still
 * refuses to demote the last admin.
 */
export async function upsertStaffFromCommandLine(db: Db, input: { email: string; name: string | null; role: Role }): Promise<StaffChangeResult & { id?: string }> {
  return db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const email = input.email.toLowerCase();
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).for('update').limit(1);
    if (existing && input.role !== 'admin' && admins.length === 1 && admins[0] === existing.id) return { ok: false, error: 'lastAdmin' } as const;
    const [row] = existing
      ? await tx.update(users).set({ role: input.role, name: input.name ?? existing.name, disabledAt: null }).where(eq(users.id, existing.id)).returning({ id: users.id })
      : await tx.insert(users).values({ email, name: input.name, role: input.role }).returning({ id: users.id });
    await recordAudit(tx, { actorId: null, action: existing ? 'staff.updated_by_cli' : 'staff.added_by_cli', targetType: 'user', targetId: row!.id, after: { role: input.role } });
    return { ok: true, id: row!.id } as const;
  });
}

export type StaffConsultationSummary = {
  slug: string;
  title: string;
  department: string;
  opensAt: string;
  closesAt: string;
  itemCount: number;
  submissionCount: number;
  /** Opinions that count: moderated ones (spam, out of scope, hidden) are left out. */
  opinionCount: number;
};

/**
 * The consultations on the staff landing page, with counts. Each count is one correlated
 * subquery, so a new count (submissions, opinions) is one more line here.
 */
export async function listConsultationsForStaff(db: Db, actor: StaffActor): Promise<StaffConsultationSummary[]> {
  assertPermission(actor, 'console.view');
  const rows = await db
    .select({
      slug: consultations.slug,
      title: consultations.title,
      department: consultations.department,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      itemCount: sql<number>`(select count(*) from revision_items ri where ri.consultation_id = consultations.id)`.mapWith(Number),
      submissionCount: sql<number>`(select count(*) from submissions s where s.consultation_id = consultations.id)`.mapWith(Number),
      opinionCount: sql<number>`(select coalesce(sum(oc.n), 0) from opinion_counts oc
        where oc.consultation_id = consultations.id and oc.dimension = 'item')`.mapWith(Number),
    })
    .from(consultations)
    .where(caseScope(actor))
    .orderBy(desc(consultations.opensAt));
  return rows.map((r) => ({ ...r, opensAt: r.opensAt.toISOString(), closesAt: r.closesAt.toISOString() }));
}
