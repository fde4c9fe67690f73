import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { SOCKET_ADDRESS_HEADER } from '@/lib/security/ip-hash';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createCaseWithInsiderAndOutsider } from '@/lib/testing/staff-with-session';
import { runWithRequestContext } from './request-context';
import { requireStaffCasePage } from './require-staff';

const NOT_FOUND = { digest: 'NEXT_HTTP_ERROR_FALLBACK;404' };

describe.each(testDrivers())('requireStaffCasePage on %s', (driver) => {
  let handle: DbHandle;
  let slug: string;
  let caseId: number;
  let outsider: { userId: string; sessionToken: string };
  let insider: { userId: string; sessionToken: string };

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    ({ slug, caseId, insider, outsider } = await createCaseWithInsiderAndOutsider(handle.db));
  });
  afterAll(async () => {
    await handle?.close();
  });

  const open = (sessionToken: string, caseSlug: string) =>
    runWithRequestContext({ db: handle.db, sessionToken, headers: new Headers({ [SOCKET_ADDRESS_HEADER]: '192.0.2.9' }) }, () => requireStaffCasePage('submission.read', caseSlug));
  const denials = (userId: string) =>
    handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.access_denied'), eq(auditLog.actorId, userId)));

  it("another department's case answers 404 like an unknown one, and only the real case's denial is audited, with the caller's IP hash", async () => {
    await expect(open(outsider.sessionToken, slug)).rejects.toMatchObject(NOT_FOUND);
    await expect(open(outsider.sessionToken, 'no-such-case')).rejects.toMatchObject(NOT_FOUND);
    const rows = await denials(outsider.userId);
    expect(rows.map((r) => [r.targetType, r.targetId, r.after])).toEqual([['consultation', String(caseId), { reason: 'department' }]]);
    expect(rows[0]!.ipHash).toMatch(/^[\w-]{32}$/);
  });

  it("the case's department's reviewer gets the page and leaves no denial", async () => {
    expect(await open(insider.sessionToken, slug)).toMatchObject({ id: insider.userId });
    expect(await denials(insider.userId)).toEqual([]);
  });
});
