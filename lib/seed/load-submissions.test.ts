import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DbHandle } from '@/db/client';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { ISESAKI_SLUG, seedIsesaki } from '@/db/seed/isesaki';
import { loadSubmissions } from './load-submissions';

describe.each(testDrivers())('seed:load on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    await seedIsesaki(handle.db);
  }, 180_000);
  afterAll(async () => {
    await handle?.close();
  });

  it('loads submissions numbered past 271,183, where the received time once overflowed an integer', async () => {
    // Submission g is received (g * 7919 mod the period) seconds after the opening; g * 7919 passes
    // 2^31 at g = 271,184, the point where `seed:load -- 1000000` stopped.
    const progress: number[] = [];
    const result = await loadSubmissions(handle.db, { slug: ISESAKI_SLUG, n: 30, first: 999_971, batch: 20, onProgress: (done) => progress.push(done) });
    const [row] = await queryRows<{ n: number; first: number; last: number }>(
      handle.db,
      sql`select count(*)::int as n, min(split_part(receipt_number, '-', 3)::int) as first, max(split_part(receipt_number, '-', 3)::int) as last from submissions where receipt_number like 'LOAD-%'`,
    );
    expect(row).toEqual({ n: 30, first: 999_971, last: 1_000_000 });
    expect(result.opinions).toBeGreaterThanOrEqual(30);
    expect(progress).toEqual([20, 30]);
  });
});
