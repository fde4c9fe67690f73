import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { runFullAnalysis } from '@/lib/data/analysis/run';
import { runWithRequestContext } from '@/lib/auth/request-context';
import { SOCKET_ADDRESS_HEADER } from '@/lib/security/ip-hash';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createStaffWithSession } from '@/lib/testing/staff-with-session';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { GET } from './route';

describe.each(testDrivers())('GET /api/staff/consultations/[slug]/analysis on %s', (driver) => {
  let handle: DbHandle;
  let token: string;
  let slug: string;
  let consultationId: number;
  let readerId: string;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    const reader = await createStaffWithSession(handle.db, { email: 'analysis-reader@example.jp', role: 'reviewer' });
    token = reader.sessionToken;
    readerId = reader.userId;
    const consultation = await createTestConsultation(handle.db, { items: 3 });
    slug = consultation.slug;
    consultationId = consultation.id;
    await insertTestSubmission(handle.db, consultation.id, { texts: [{ itemNumber: null, text: '隣の田中太郎さんの家の前の道路が暗いです。' }] });
    await runFullAnalysis(handle.db, consultation.id, null);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const get = (sessionToken: string | null, caseSlug = slug) =>
    runWithRequestContext({ db: handle.db, sessionToken, headers: new Headers({ [SOCKET_ADDRESS_HEADER]: '192.0.2.10' }) }, () =>
      GET(new Request(`http://localhost/api/staff/consultations/${caseSlug}/analysis`), { params: Promise.resolve({ slug: caseSlug }) }),
    );

  it('refuses callers without a staff session', async () => {
    expect((await get(null)).status).toBe(401);
    expect((await get('forged-token')).status).toBe(401);
  });

  it('returns every opinion with its receipt number, suggestions, group, cluster and personal-data spans', async () => {
    const response = await get(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const body = await response.json();
    expect(body.opinions).toHaveLength(1);
    expect(body.opinions[0]).toMatchObject({ receiptNumber: expect.any(String), campaignGroup: null, clusterKey: expect.any(String) });
    expect(body.opinions[0].personalData).toEqual([{ kind: 'name', start: 2, end: 6, text: '田中太郎', status: 'proposed' }]);
    expect(body.method.grouping).toContain('5文字');
    expect((await get(token, 'no-such-case')).status).toBe(404);
  });

  it('records who took the personal-data spans of the case, once per response', async () => {
    const exported = () =>
      handle.db
        .select({ actorId: auditLog.actorId, after: auditLog.after, ipHash: auditLog.ipHash })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'personal_data.exported'), eq(auditLog.targetType, 'consultation'), eq(auditLog.targetId, String(consultationId))));
    const before = (await exported()).length;
    expect((await get(token)).status).toBe(200);
    const rows = await exported();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toEqual({ actorId: readerId, after: { source: 'analysis', opinions: 1, spans: 1 }, ipHash: expect.stringMatching(/^[\w-]{32}$/) });
    // Refused callers and unknown cases leave no such row.
    await get(null);
    await get(token, 'no-such-case');
    expect(await exported()).toHaveLength(before + 1);
  });
});
