import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import type { StaffActor } from '@/lib/auth/access';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { parseInboxFilters } from '@/lib/validation/triage';
import { INBOX_COUNT_LIMIT, listInbox } from './inbox';

describe.each(testDrivers())('the inbox count at scale on %s', (driver) => {
  let handle: DbHandle;
  let reviewer: StaffActor;
  let c: { id: number; slug: string; closesAt: Date };

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    reviewer = await createTestActor(handle.db, 'reviewer');
    c = await createTestConsultation(handle.db, { items: 2 });
    for (let i = 0; i < 12; i++) {
      await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 1, text: `公園の整備について ${i}` }], receivedAt: new Date(Date.UTC(2025, 2, 1, i)) });
    }
    await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: 2, text: '図書館について' }], receivedAt: new Date(Date.UTC(2025, 2, 2)) });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('a filtered count stops at the limit and says there are more; below it, and unfiltered, it is exact', async () => {
    expect(INBOX_COUNT_LIMIT).toBe(10_000);
    const list = (params: Record<string, string>, countLimit: number) => listInbox(handle.db, reviewer, c, parseInboxFilters(params), { countLimit });

    const capped = await list({ q: '公園' }, 10);
    expect(capped.counts).toMatchObject({ matchingOpinions: 10, matchingMore: true });
    expect(capped.rows.map((r) => r.text)[0]).toBe('公園の整備について 11');

    expect((await list({ q: '公園' }, 12)).counts).toMatchObject({ matchingOpinions: 12, matchingMore: false });
    expect((await list({ item: '2' }, 10)).counts).toMatchObject({ matchingOpinions: 1, matchingMore: false });
    // The whole case is counted by the triggers' table, exactly, whatever its size.
    expect((await list({}, 10)).counts).toMatchObject({ matchingOpinions: 13, matchingMore: false });
  });
});
