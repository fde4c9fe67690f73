import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog, setupTokens, users } from '@/db/schema';
import { staffFromSessionToken } from '@/lib/auth/session';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createFirstAdmin, createSetupToken, isSetupTokenUsable, SETUP_LINK_MAX_AGE_MS } from './first-admin';

describe.each(testDrivers())('the setup link of a new install on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('is stored as a hash only and expires', async () => {
    const now = new Date();
    const token = (await createSetupToken(handle.db, now))!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await handle.db.select().from(setupTokens);
    expect(rows.map((r) => r.tokenHash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await isSetupTokenUsable(handle.db, token, now)).toBe(true);
    expect(await isSetupTokenUsable(handle.db, token, new Date(now.getTime() + SETUP_LINK_MAX_AGE_MS + 1))).toBe(false);
    expect(await createFirstAdmin(handle.db, { token, email: 'late@example.jp', name: null }, null, new Date(now.getTime() + SETUP_LINK_MAX_AGE_MS + 1))).toEqual({
      ok: false,
      error: 'invalidLink',
    });
    expect(await isSetupTokenUsable(handle.db, 'not-a-token', now)).toBe(false);
  });

  it('creates the first admin once, signed in, then is dead; so is every other link', async () => {
    const first = (await createSetupToken(handle.db))!;
    const second = (await createSetupToken(handle.db))!;
    const created = await createFirstAdmin(handle.db, { token: first, email: 'First@Example.jp', name: '初代 管理者' }, 'ip-hash');
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const actor = await staffFromSessionToken(handle.db, created.session.token);
    expect(actor).toMatchObject({ id: created.userId, email: 'first@example.jp', name: '初代 管理者', role: 'admin' });

    // The same link again, and the other link: refused, and nobody else becomes admin.
    expect(await createFirstAdmin(handle.db, { token: first, email: 'again@example.jp', name: null }, null)).toEqual({ ok: false, error: 'invalidLink' });
    expect(await isSetupTokenUsable(handle.db, second)).toBe(false);
    expect(await createFirstAdmin(handle.db, { token: second, email: 'other@example.jp', name: null }, null)).toEqual({ ok: false, error: 'invalidLink' });
    const admins = await handle.db.select().from(users).where(eq(users.role, 'admin'));
    expect(admins.map((u) => u.email)).toEqual(['first@example.jp']);
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'setup.first_admin_created'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: created.userId, targetId: created.userId, ipHash: 'ip-hash' });
  });

  it('is not even made once any admin exists', async () => {
    expect(await createSetupToken(handle.db)).toBeNull();
    // A token that was stored before an admin appeared (another instance) is refused too.
    const token = 'x'.repeat(43);
    await handle.db.insert(setupTokens).values({ tokenHash: createHash('sha256').update(token).digest('hex'), expiresAt: new Date(Date.now() + 60_000) });
    expect(await isSetupTokenUsable(handle.db, token)).toBe(false);
    expect(await createFirstAdmin(handle.db, { token, email: 'late@example.jp', name: null }, null)).toEqual({ ok: false, error: 'adminExists' });
    expect(await handle.db.select().from(users).where(eq(users.email, 'late@example.jp'))).toHaveLength(0);
  });
});

describe.each(testDrivers())('two people racing with two setup links on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('make exactly one admin', async () => {
    const tokens = [(await createSetupToken(handle.db))!, (await createSetupToken(handle.db))!];
    const results = await Promise.all(tokens.map((token, i) => createFirstAdmin(handle.db, { token, email: `racer${i}@example.jp`, name: null }, null)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await handle.db.select().from(users).where(eq(users.role, 'admin'))).toHaveLength(1);
  });
});
