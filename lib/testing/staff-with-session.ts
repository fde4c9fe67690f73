import { randomBytes } from 'node:crypto';
import type { Db } from '@/db/client';
import { departments, sessions, staffDepartments, users } from '@/db/schema';
import { ensureDepartment } from '@/lib/data/departments/departments';
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
