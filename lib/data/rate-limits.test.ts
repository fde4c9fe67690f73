import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { recordAudit } from './audit';
import { consumeRateLimit, pruneRateLimits } from './rate-limits';

describe.each(testDrivers())('rate limits and audit log on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const rule = { name: 'test', limit: 3, windowSeconds: 60 };

  it('allows up to the limit in a window, then refuses with the time left', async () => {
    const now = new Date('2026-01-01T00:00:10Z');
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await consumeRateLimit(handle.db, rule, 'ip-a', now));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results[3]?.retryAfterSeconds).toBe(50);
    // Another subject has its own count.
    expect((await consumeRateLimit(handle.db, rule, 'ip-b', now)).allowed).toBe(true);
  });

  it('refuses a subject already over its limit from memory, without counting on the row', async () => {
    const now = new Date('2026-01-01T00:00:20Z');
    for (let i = 0; i < 10; i++) expect((await consumeRateLimit(handle.db, rule, 'ip-a', now)).allowed).toBe(false);
    const rows = await queryRows<{ count: number }>(handle.db, sql`select count from rate_limits where key = 'test:ip-a'`);
    expect(Number(rows[0]?.count)).toBe(4);
  });

  it('starts afresh in the next window', async () => {
    const next = new Date('2026-01-01T00:01:00Z');
    expect(await consumeRateLimit(handle.db, rule, 'ip-a', next)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('counts concurrent attempts exactly', async () => {
    const now = new Date('2026-01-01T01:00:00Z');
    const big = { name: 'burst', limit: 10, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 25 }, () => consumeRateLimit(handle.db, big, 'ip-c', now)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it('prunes old windows', async () => {
    await pruneRateLimits(handle.db, new Date('2026-01-01T00:30:00Z'));
    const rows = await queryRows<{ key: string }>(handle.db, sql`select key from rate_limits order by key`);
    expect(rows.map((r) => r.key)).toEqual(['burst:ip-c']);
  });

  it('keeps the audit log append-only', async () => {
    await recordAudit(handle.db, { actorId: null, action: 'test.event', targetType: 'thing', targetId: 7, after: { a: 1 } });
    const rows = await handle.db.select().from(auditLog);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'test.event', targetId: '7', after: { a: 1 } });
    await expect(handle.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    expect(await handle.db.select().from(auditLog)).toHaveLength(1);
  });
});
