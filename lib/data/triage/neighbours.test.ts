import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { opinions } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/access';
import { resetEnvForTests } from '@/lib/env';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { parseInboxFilters } from '@/lib/validation/triage';
import { listInbox } from './inbox';
import { inboxNeighbours } from './neighbours';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
resetEnvForTests();

describe.each(testDrivers())('previous and next from a submission on %s', (driver) => {
  let handle: DbHandle;
  let reviewer: StaffActor;
  let outsider: StaffActor;
  let consultation: { id: number; slug: string; closesAt: Date };

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    reviewer = await createTestActor(handle.db, 'reviewer');
    outsider = await createTestActor(handle.db, 'reviewer', undefined, ['別の部 別の課']);
    consultation = await createTestConsultation(handle.db, { items: 3 });
    // Ties on every key the inbox sorts by (same minute, same item, no category), and
    // submissions with two opinions, which previous/next step over as one.
    const minute = new Date('2026-11-20T01:00:00Z');
    for (let i = 0; i < 12; i++) {
      const texts = [{ itemNumber: i % 3 === 0 ? null : (i % 3) as number, text: `意見${i}の本文です。` }];
      if (i % 4 === 0) texts.push({ itemNumber: 2, text: `意見${i}の二つ目です。` });
      await insertTestSubmission(handle.db, consultation.id, { texts, receivedAt: i % 5 === 0 ? minute : new Date(minute.getTime() + i * 60_000) });
    }
    await handle.db.update(opinions).set({ categoryCode: 'A', status: 'classified' }).where(eq(opinions.itemNumber, 1));
  });
  afterAll(async () => {
    await handle?.close();
  });

  for (const query of ['', 'sort=received_asc', 'sort=item', 'sort=category', 'sort=status', 'item=2', 'status=new&sort=item']) {
    it(`follows the inbox's own order (${query || 'newest first'}), skipping the same submission`, async () => {
      const filters = parseInboxFilters(new URLSearchParams(query));
      const { rows } = await listInbox(handle.db, reviewer, consultation, filters);
      expect(rows.length).toBeGreaterThan(3);
      for (const [i, row] of rows.entries()) {
        const { previous, next } = await inboxNeighbours(handle.db, reviewer, consultation.id, filters, row.id);
        const after = rows.slice(i + 1).find((r) => r.submissionId !== row.submissionId);
        const before = rows.slice(0, i).reverse().find((r) => r.submissionId !== row.submissionId);
        expect(next, `next of row ${i}`).toEqual(after ? { opinionId: after.id, submissionId: after.submissionId } : null);
        expect(previous, `previous of row ${i}`).toEqual(before ? { opinionId: before.id, submissionId: before.submissionId } : null);
      }
    });
  }

  it('finds nothing for a reviewer of another department', async () => {
    const { rows } = await listInbox(handle.db, reviewer, consultation, parseInboxFilters({}));
    expect(await inboxNeighbours(handle.db, outsider, consultation.id, parseInboxFilters({}), rows[1]!.id)).toEqual({ previous: null, next: null });
  });
});
