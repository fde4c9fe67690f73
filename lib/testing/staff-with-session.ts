import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { departments, sessions, staffDepartments, users } from '@/db/schema';
import { ensureDepartment } from '@/lib/data/departments/departments';
import { createTestConsultation } from './submission-fixtures';
import { TEST_DEPARTMENTS } from './triage-fixtures';
import type { Role } from '@/lib/auth/permissions';
import { hashSessionToken } from '@/lib/auth/session';

/**
 * A staff account and a live session for it, as a completed sign-in leaves it: by default the
 * session has passed its passkey step (`secondFactor: false` leaves it at the mailed link).
 */
export async function createStaffWithSession(
  db: Db,
  input: { email: string; role: Role; name?: string; sessionCreatedAt?: Date; lastSeenAt?: Date; secondFactor?: boolean },
): Promise<{ userId: string; sessionToken: string }> {
  const [user] = await db
    .insert(users)
    .values({ email: input.email, role: input.role, name: input.name ?? null })
    .onConflictDoUpdate({ target: users.email, set: { role: input.role, disabledAt: null } })
    .returning({ id: users.id });
  // A reviewer belongs to the fixtures' departments and every one that exists now.
  if (input.role === 'reviewer') {
    const ids = [...(await Promise.all(TEST_DEPARTMENTS.map((name) => ensureDepartment(db, name)))), ...(await db.select({ id: departments.id }).from(departments)).map((d) => d.id)];
    await db.insert(staffDepartments).values([...new Set(ids)].map((departmentId) => ({ userId: user!.id, departmentId }))).onConflictDoNothing();
  }
  const sessionToken = randomBytes(32).toString('hex');
  const createdAt = input.sessionCreatedAt ?? new Date();
  await db.insert(sessions).values({
    sessionToken: hashSessionToken(sessionToken),
    userId: user!.id,
    createdAt,
    lastSeenAt: input.lastSeenAt ?? createdAt,
    expires: new Date(createdAt.getTime() + 8 * 3600 * 1000),
    secondFactorAt: input.secondFactor === false ? null : createdAt,
  });
  return { userId: user!.id, sessionToken };
}

/**
 * A case of 企画部 企画調整課 with one item, a reviewer of that department (`insider`) and a
 * reviewer of 健康推進部 福祉課 alone (`outsider`), each with a live session.
 */
export async function createCaseWithInsiderAndOutsider(db: Db): Promise<{
  slug: string;
  caseId: number;
  insider: { userId: string; sessionToken: string };
  outsider: { userId: string; sessionToken: string };
}> {
  const c = await createTestConsultation(db, { department: '企画部 企画調整課', items: 1 });
  const insider = await createStaffWithSession(db, { email: 'planning-reviewer@example.jp', role: 'reviewer' });
  const outsider = await createStaffWithSession(db, { email: 'welfare-reviewer@example.jp', role: 'reviewer' });
  await db.delete(staffDepartments).where(eq(staffDepartments.userId, outsider.userId));
  await db.insert(staffDepartments).values({ userId: outsider.userId, departmentId: await ensureDepartment(db, '健康推進部 福祉課') });
  return { slug: c.slug, caseId: c.id, insider, outsider };
}
