import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { sessions, users, verificationTokens } from '@/db/schema';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createStaffWithSession } from '@/lib/testing/staff-with-session';
import { roleHasPermission } from './permissions';
import { deleteSession, hashSessionToken, pruneSessions, sessionCookieName, staffFromSessionToken } from './session';

const MINUTE = 60_000;

describe.each(testDrivers())('staff sessions on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const sessionExists = async (token: string) => (await handle.db.select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(token)))).length === 1;

  it('stores session tokens hashed: the database holds no token a cookie could carry', async () => {
    const { sessionToken } = await createStaffWithSession(handle.db, { email: 'hashed@example.jp', role: 'admin' });
    const rows = await handle.db.select({ token: sessions.sessionToken }).from(sessions);
    expect(rows.map((r) => r.token)).not.toContain(sessionToken);
    // The stored value itself does not sign anyone in.
    expect(await staffFromSessionToken(handle.db, hashSessionToken(sessionToken))).toBeNull();
    expect(await staffFromSessionToken(handle.db, sessionToken)).not.toBeNull();
  });

  it('prunes expired sessions and sign-in tokens, keeping live ones', async () => {
    const now = new Date();
    const live = await createStaffWithSession(handle.db, { email: 'prune-live@example.jp', role: 'admin' });
    const idle = await createStaffWithSession(handle.db, { email: 'prune-idle@example.jp', role: 'admin', lastSeenAt: new Date(now.getTime() - 31 * MINUTE) });
    await handle.db.insert(verificationTokens).values([
      { identifier: 'prune@example.jp', token: 'expired', expires: new Date(now.getTime() - MINUTE) },
      { identifier: 'prune@example.jp', token: 'live', expires: new Date(now.getTime() + 5 * MINUTE) },
    ]);
    await pruneSessions(handle.db, now);
    expect(await sessionExists(live.sessionToken)).toBe(true);
    expect(await sessionExists(idle.sessionToken)).toBe(false);
    const tokens = await handle.db.select({ token: verificationTokens.token }).from(verificationTokens).where(eq(verificationTokens.identifier, 'prune@example.jp'));
    expect(tokens.map((t) => t.token)).toEqual(['live']);
  });

  it('a live session gives the actor; its idle clock is reset', async () => {
    const now = new Date();
    const { userId, sessionToken } = await createStaffWithSession(handle.db, {
      email: 'live@example.jp',
      role: 'reviewer',
      name: '伊勢崎 花子',
      sessionCreatedAt: new Date(now.getTime() - 60 * MINUTE),
      lastSeenAt: new Date(now.getTime() - 20 * MINUTE),
    });
    expect(await staffFromSessionToken(handle.db, sessionToken, now)).toEqual({ id: userId, email: 'live@example.jp', name: '伊勢崎 花子', role: 'reviewer' });
    const [row] = await handle.db.select().from(sessions).where(eq(sessions.sessionToken, hashSessionToken(sessionToken)));
    expect(row!.lastSeenAt.getTime()).toBe(now.getTime());
    // Reset means another 29 minutes later it still works.
    expect(await staffFromSessionToken(handle.db, sessionToken, new Date(now.getTime() + 29 * MINUTE))).not.toBeNull();
  });

  it('refuses forged, empty and absurd tokens', async () => {
    expect(await staffFromSessionToken(handle.db, 'forged-token')).toBeNull();
    expect(await staffFromSessionToken(handle.db, '')).toBeNull();
    expect(await staffFromSessionToken(handle.db, null)).toBeNull();
    expect(await staffFromSessionToken(handle.db, 'x'.repeat(10_000))).toBeNull();
  });

  it('ends a session idle for 30 minutes and deletes it', async () => {
    const now = new Date();
    const { sessionToken } = await createStaffWithSession(handle.db, {
      email: 'idle@example.jp',
      role: 'admin',
      sessionCreatedAt: new Date(now.getTime() - 40 * MINUTE),
      lastSeenAt: new Date(now.getTime() - 30 * MINUTE),
    });
    expect(await staffFromSessionToken(handle.db, sessionToken, now)).toBeNull();
    expect(await sessionExists(sessionToken)).toBe(false);
  });

  it('ends a session 8 hours after sign-in however active it is', async () => {
    const now = new Date();
    const { sessionToken } = await createStaffWithSession(handle.db, {
      email: 'long@example.jp',
      role: 'admin',
      sessionCreatedAt: new Date(now.getTime() - 8 * 60 * MINUTE),
      lastSeenAt: new Date(now.getTime() - MINUTE),
    });
    // Even if something pushed `expires` forward, the creation time decides.
    await handle.db.update(sessions).set({ expires: new Date(now.getTime() + 60 * MINUTE) }).where(eq(sessions.sessionToken, hashSessionToken(sessionToken)));
    expect(await staffFromSessionToken(handle.db, sessionToken, now)).toBeNull();
    expect(await sessionExists(sessionToken)).toBe(false);
  });

  it('refuses the session of a disabled account', async () => {
    const { userId, sessionToken } = await createStaffWithSession(handle.db, { email: 'gone@example.jp', role: 'reviewer' });
    expect(await staffFromSessionToken(handle.db, sessionToken)).not.toBeNull();
    await handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    expect(await staffFromSessionToken(handle.db, sessionToken)).toBeNull();
  });

  it('sign-out deletes the row, so the same cookie is worthless afterwards', async () => {
    const { userId, sessionToken } = await createStaffWithSession(handle.db, { email: 'out@example.jp', role: 'reviewer' });
    expect(await deleteSession(handle.db, sessionToken)).toBe(userId);
    expect(await staffFromSessionToken(handle.db, sessionToken)).toBeNull();
    expect(await deleteSession(handle.db, sessionToken)).toBeNull();
  });
});

describe('cookies and permissions', () => {
  it('uses the __Secure- prefix exactly when cookies are Secure', () => {
    expect(sessionCookieName(true)).toBe('__Secure-authjs.session-token');
    expect(sessionCookieName(false)).toBe('authjs.session-token');
  });

  it("gives admins everything; reviewers triage, draft and run their departments' cases, but neither approve nor publish", () => {
    expect(roleHasPermission('admin', 'staff.manage')).toBe(true);
    expect(roleHasPermission('admin', 'result.publish')).toBe(true);
    expect(roleHasPermission('reviewer', 'submission.triage')).toBe(true);
    expect(roleHasPermission('reviewer', 'response.draft')).toBe(true);
    // Scoped to their departments by the data layer (lib/data/departments/scope.test.ts).
    expect(roleHasPermission('reviewer', 'consultation.manage')).toBe(true);
    for (const permission of ['staff.manage', 'department.all', 'analysis.rerun', 'category.manage', 'response.approve', 'result.publish'] as const) {
      expect(roleHasPermission('reviewer', permission)).toBe(false);
    }
  });
});
