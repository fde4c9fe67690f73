import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { mailOutbox, opinions, submissionOpinions, submissions } from '@/db/schema';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { insertSubmission, withFreshReceiptNumber, type SubmissionRows } from './insert';
import { generateReceiptNumber } from './receipt-number';

describe.each(testDrivers())('the one insert path on %s', (driver) => {
  let handle: DbHandle;
  let consultationId: number;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    consultationId = (await createTestConsultation(handle.db)).id;
  });
  afterAll(async () => {
    await handle?.close();
  });

  const rows = (receiptNumber: string): SubmissionRows => ({
    consultationId,
    receiptNumber,
    channel: 'post',
    submitter: { name: '伊勢崎 太郎', address: '伊勢崎市今泉町二丁目410番地', category: null, email: null },
    opinions: [
      { itemNumber: 2, text: '公園を増やしてください。' },
      { itemNumber: null, text: '全体として賛成です。' },
    ],
    idempotencyKey: null,
    ipHash: null,
    locale: 'ja',
    mail: null,
  });

  it('writes the submission at the time given, its opinions as sent and one opinion per part for staff, and no mail without one', async () => {
    const receivedAt = new Date('2026-02-04T03:00:00Z');
    const receiptNumber = generateReceiptNumber();
    const id = await insertSubmission(handle.db, rows(receiptNumber), receivedAt);
    const [stored] = await handle.db.select().from(submissions).where(eq(submissions.id, id));
    expect(stored).toMatchObject({ receiptNumber, channel: 'post', locale: 'ja', idempotencyKey: null, ipHash: null, submitterCategory: null });
    expect(stored!.receivedAt.toISOString()).toBe(receivedAt.toISOString());
    const sent = await handle.db.select().from(submissionOpinions).where(eq(submissionOpinions.submissionId, id)).orderBy(submissionOpinions.position);
    expect(sent.map((o) => [o.itemNumber, o.text])).toEqual([
      [2, '公園を増やしてください。'],
      [null, '全体として賛成です。'],
    ]);
    const forStaff = await handle.db.select().from(opinions).where(eq(opinions.submissionId, id)).orderBy(opinions.id);
    expect(forStaff.map((o) => [o.itemNumber, o.text, o.channel, o.startOffset, o.endOffset])).toEqual([
      [2, '公園を増やしてください。', 'post', 0, 12],
      [null, '全体として賛成です。', 'post', 0, 10],
    ]);
    expect(await handle.db.select().from(mailOutbox).where(eq(mailOutbox.submissionId, id))).toEqual([]);
  });

  it('draws another receipt number when the one drawn is taken, and gives up after four taken numbers', async () => {
    const taken = generateReceiptNumber();
    await insertSubmission(handle.db, rows(taken), new Date());
    const tried: string[] = [];
    const id = await withFreshReceiptNumber((receiptNumber) => {
      tried.push(receiptNumber);
      // The first draw collides with a stored number, as two equal draws would.
      return insertSubmission(handle.db, rows(tried.length === 1 ? taken : receiptNumber), new Date());
    });
    expect(tried).toHaveLength(2);
    const [stored] = await handle.db.select({ receiptNumber: submissions.receiptNumber }).from(submissions).where(eq(submissions.id, id));
    expect(stored!.receiptNumber).toBe(tried[1]);

    let attempts = 0;
    await expect(
      withFreshReceiptNumber(() => {
        attempts++;
        return insertSubmission(handle.db, rows(taken), new Date());
      }),
    ).rejects.toThrow();
    expect(attempts).toBe(4);
  });
});
