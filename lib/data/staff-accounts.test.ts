import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { auditLog, departments, sessions, users } from '@/db/schema';
import { setStaffDepartments } from './departments/departments';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/access';
import { submitComment } from '@/lib/submissions/accept';
import { seedIsesaki } from '@/db/seed/isesaki';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { addStaff, changeStaffRole, listConsultationsForStaff, listStaff, setStaffDisabled, upsertStaffFromCommandLine } from './staff-accounts';

describe.each(testDrivers())('managing staff on %s', (driver) => {
  let handle: DbHandle;
  let admin: StaffActor;
  let reviewer: StaffActor;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const a = await upsertStaffFromCommandLine(handle.db, { email: 'Admin@Example.jp', role: 'admin', name: '管理 太郎' });
    const r = await upsertStaffFromCommandLine(handle.db, { email: 'reviewer@example.jp', role: 'reviewer', name: null });
    admin = { id: a.id!, email: 'admin@example.jp', name: '管理 太郎', role: 'admin' };
    reviewer = { id: r.id!, email: 'reviewer@example.jp', name: null, role: 'reviewer' };
  });
  afterAll(async () => {
    await handle?.close();
  });

  const auditActions = async (targetId: string) =>
    (await handle.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(auditLog.id)).map((e) => e.action);

  it('the command line creates accounts with lower-case addresses, audited', async () => {
    const list = await listStaff(handle.db, admin);
    expect(list.map((s) => [s.email, s.role])).toEqual([
      ['admin@example.jp', 'admin'],
      ['reviewer@example.jp', 'reviewer'],
    ]);
    expect(await auditActions(admin.id)).toEqual(['staff.added_by_cli']);
  });

  it('only staff.manage may list, add, re-role or disable (checked in the data layer)', async () => {
    await expect(listStaff(handle.db, reviewer)).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(addStaff(handle.db, reviewer, { email: 'x@example.jp', name: null, role: 'admin' }, null)).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(changeStaffRole(handle.db, reviewer, reviewer.id, 'admin', null)).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(setStaffDisabled(handle.db, reviewer, admin.id, true, null)).rejects.toBeInstanceOf(StaffAccessDenied);
    const [row] = await handle.db.select().from(users).where(eq(users.id, reviewer.id));
    expect(row!.role).toBe('reviewer');
    expect((await handle.db.select().from(users).where(eq(users.email, 'x@example.jp'))).length).toBe(0);
  });

  it('admins add staff once per address', async () => {
    expect(await addStaff(handle.db, admin, { email: 'new@example.jp', name: '新人', role: 'reviewer' }, 'iphash')).toEqual({ ok: true });
    expect(await addStaff(handle.db, admin, { email: 'new@example.jp', name: null, role: 'admin' }, null)).toEqual({ ok: false, error: 'exists' });
    const [row] = await handle.db.select().from(users).where(eq(users.email, 'new@example.jp'));
    expect(await auditActions(row!.id)).toEqual(['staff.added']);
  });

  it('the last active admin cannot be demoted or disabled; with two admins one can', async () => {
    expect(await changeStaffRole(handle.db, admin, admin.id, 'reviewer', null)).toEqual({ ok: false, error: 'lastAdmin' });
    expect(await setStaffDisabled(handle.db, admin, admin.id, true, null)).toEqual({ ok: false, error: 'lastAdmin' });
    expect(await upsertStaffFromCommandLine(handle.db, { email: 'admin@example.jp', role: 'reviewer', name: null })).toEqual({ ok: false, error: 'lastAdmin' });

    expect(await changeStaffRole(handle.db, admin, reviewer.id, 'admin', null)).toEqual({ ok: true });
    expect(await setStaffDisabled(handle.db, admin, reviewer.id, true, null)).toEqual({ ok: true });
    // Disabled, the second admin does not count: the first is the last again.
    expect(await changeStaffRole(handle.db, admin, admin.id, 'reviewer', null)).toEqual({ ok: false, error: 'lastAdmin' });
    expect(await setStaffDisabled(handle.db, admin, reviewer.id, false, null)).toEqual({ ok: true });
    expect(await changeStaffRole(handle.db, admin, reviewer.id, 'reviewer', null)).toEqual({ ok: true });
    expect(await auditActions(reviewer.id)).toEqual(['staff.added_by_cli', 'staff.role_changed', 'staff.disabled', 'staff.enabled', 'staff.role_changed']);
  });

  it('two admins demoting each other at once leave one admin', async () => {
    if (driver !== 'postgres') return; // PGlite has one connection: nothing runs at once there.
    const second = await upsertStaffFromCommandLine(handle.db, { email: 'second-admin@example.jp', role: 'admin', name: null });
    const secondActor: StaffActor = { id: second.id!, email: 'second-admin@example.jp', name: null, role: 'admin' };
    const results = await Promise.all([
      changeStaffRole(handle.db, admin, secondActor.id, 'reviewer', null),
      changeStaffRole(handle.db, secondActor, admin.id, 'reviewer', null),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const [{ count }] = (await queryRows<{ count: number }>(handle.db, sql`select count(*)::int as count from users where role = 'admin' and disabled_at is null`)) as [{ count: number }];
    expect(count).toBe(1);
    // Put things back for the other cases.
    await upsertStaffFromCommandLine(handle.db, { email: 'admin@example.jp', role: 'admin', name: null });
  });

  it('disabling signs the account out everywhere', async () => {
    const [target] = await handle.db.select().from(users).where(eq(users.email, 'new@example.jp'));
    await handle.db.insert(sessions).values({ sessionToken: 'to-be-dropped', userId: target!.id, expires: new Date(Date.now() + 3_600_000) });
    expect(await setStaffDisabled(handle.db, admin, target!.id, true, null)).toEqual({ ok: true });
    expect(await handle.db.select().from(sessions).where(eq(sessions.userId, target!.id))).toEqual([]);
  });

  it('lists consultations with their item, submission and opinion counts for staff', async () => {
    await seedIsesaki(handle.db);
    // A reviewer sees only their departments' cases: none until they belong to 企画部 企画調整課.
    expect(await listConsultationsForStaff(handle.db, reviewer)).toEqual([]);
    expect((await listConsultationsForStaff(handle.db, admin)).map((c) => c.slug)).toEqual(['isesaki-2nd-strategy-revision']);
    const [planning] = await handle.db.select().from(departments).where(eq(departments.name, '企画部 企画調整課'));
    expect(await setStaffDepartments(handle.db, admin, reviewer.id, [planning!.id], null)).toEqual({ ok: true });
    const empty = await listConsultationsForStaff(handle.db, reviewer);
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ slug: 'isesaki-2nd-strategy-revision', itemCount: 52, submissionCount: 0, opinionCount: 0 });

    const sent = await submitComment(
      handle.db,
      'isesaki-2nd-strategy-revision',
      {
        submitter: { name: '伊勢崎 花子', address: '伊勢崎市今泉町一丁目1番地', category: '市内在住', email: '' },
        opinions: [
          { itemNumber: 23, text: '年少人口の目標値の根拠を示してください。' },
          { itemNumber: null, text: '全体として分かりやすいと思います。' },
        ],
        consent: true,
      },
      { ipHash: 'staff-count-test', idempotencyKey: 'staff-count-test-1' },
    );
    expect(sent.ok).toBe(true);
    const [counted] = await listConsultationsForStaff(handle.db, reviewer);
    expect(counted).toMatchObject({ submissionCount: 1, opinionCount: 2 });
  });
});
