import { randomUUID } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbHandle } from '@/db/client';
import { mailOutbox, rateLimits, submissionOpinions, submissions } from '@/db/schema';
import { formatDateFor } from '@/lib/format/japanese-date';
import { resetEnvForTests } from '@/lib/env';
import { parseReceiptNumber } from './receipt-number';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation, validComment } from '@/lib/testing/submission-fixtures';
import { submitComment } from './accept';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
process.env.SUBMISSION_LIMIT_PER_IP = '3';
process.env.SUBMISSION_LIMIT_PER_EMAIL = '2';
resetEnvForTests();

const ctx = (extra: Partial<Parameters<typeof submitComment>[3]> = {}) => ({
  ipHash: `ip-${randomUUID()}`,
  idempotencyKey: `key-${randomUUID()}`,
  ...extra,
});

describe.each(testDrivers())('submitting comments on %s', (driver) => {
  let handle: DbHandle;
  let slug: string;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    slug = (await createTestConsultation(handle.db)).slug;
  });
  afterAll(async () => {
    await handle?.close();
  });

  const counts = async () => {
    const [s] = await handle.db.select({ n: count() }).from(submissions);
    const [o] = await handle.db.select({ n: count() }).from(submissionOpinions);
    const [m] = await handle.db.select({ n: count() }).from(mailOutbox);
    return { submissions: s!.n, opinions: o!.n, mail: m!.n };
  };

  it('stores the submission, its opinions as sent and the receipt mail together', async () => {
    const before = await counts();
    const result = await submitComment(handle.db, slug, validComment({ email: 'taro@example.jp' }), ctx());
    expect(result.ok).toBe(true);
    if (!result.ok || result.replayed) return;
    expect(parseReceiptNumber(result.receipt.receiptNumber)).toBe(result.receipt.receiptNumber);
    expect(result.receipt.opinions.map((o) => o.itemLabel)).toEqual(['No.2 数値目標', '全体について']);
    expect(await counts()).toEqual({ submissions: before.submissions + 1, opinions: before.opinions + 2, mail: before.mail + 1 });
    const [mail] = await handle.db.select().from(mailOutbox).orderBy(sql`id desc`).limit(1);
    expect(mail).toMatchObject({ status: 'pending', recipient: 'taro@example.jp', attempts: 0 });
    expect(mail!.body).toContain(result.receipt.receiptNumber);
    // The address is unverified: the mail names the items and their length, not the text (M4).
    expect(mail!.body).toContain('■ No.2 数値目標（20文字）');
    expect(mail!.body).not.toContain('年少人口の目標値の根拠を示してください。');
    expect(mail!.body).not.toContain('今泉町');
  });

  it('writes nothing when the mail cannot be written: one transaction', async () => {
    await handle.db.execute(sql`create function refuse_mail() returns trigger language plpgsql as $$ begin raise exception 'no mail'; end $$`);
    await handle.db.execute(sql`create trigger refuse_mail before insert on mail_outbox for each row execute function refuse_mail()`);
    try {
      const before = await counts();
      await expect(submitComment(handle.db, slug, validComment({ email: 'hanako@example.jp' }), ctx())).rejects.toThrow();
      expect(await counts()).toEqual(before);
    } finally {
      await handle.db.execute(sql`drop trigger refuse_mail on mail_outbox`);
      await handle.db.execute(sql`drop function refuse_mail()`);
    }
  });

  it('gives the same receipt number, and nothing else, to a replay and to concurrent duplicates, storing one submission', async () => {
    const context = ctx();
    const first = await submitComment(handle.db, slug, validComment({ email: 'replay@example.jp' }), context);
    const again = await submitComment(handle.db, slug, validComment({ email: 'replay@example.jp' }), context);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    // Only the number: never the submitter, the text or the e-mail of the stored submission.
    expect(again).toEqual({ ok: true, replayed: true, receipt: { receiptNumber: first.receipt.receiptNumber } });

    const before = await counts();
    // The same key from several network paths at once (each with its own IP, so the per-IP
    // limit stays out of the way): the unique index must let exactly one through.
    const { idempotencyKey } = ctx();
    const racers = await Promise.all(Array.from({ length: 8 }, () => submitComment(handle.db, slug, validComment(), ctx({ idempotencyKey }))));
    const numbers = new Set(racers.map((r) => (r.ok ? r.receipt.receiptNumber : `error:${r.error}`)));
    expect(numbers.size).toBe(1);
    expect([...numbers][0]).toMatch(/^[0-9A-Z]{4}-/);
    expect((await counts()).submissions).toBe(before.submissions + 1);
  });

  it('refuses a key replayed with another comment (422 idempotency_conflict), storing nothing and revealing nothing', async () => {
    const context = ctx();
    const first = await submitComment(handle.db, slug, validComment({ email: 'owner@example.jp' }), context);
    expect(first.ok).toBe(true);
    const before = await counts();
    const other = validComment({ email: 'owner@example.jp' }) as { opinions: { itemNumber: number | null; text: string }[] };
    other.opinions[0]!.text = 'まったく別の意見です。';
    for (const body of [other, validComment({ email: 'someone-else@example.jp' })]) {
      // From another client each time, so the per-IP limit (3 here) stays out of the way.
      expect(await submitComment(handle.db, slug, body, ctx({ idempotencyKey: context.idempotencyKey }))).toEqual({ ok: false, error: 'idempotencyConflict' });
    }
    expect(await counts()).toEqual(before);
  });

  it('counts replay lookups against the client like submissions', async () => {
    const { ipHash } = ctx();
    const stored = ctx();
    await submitComment(handle.db, slug, validComment(), stored);
    const limit = Number(process.env.SUBMISSION_LIMIT_PER_IP ?? 20);
    const answers: string[] = [];
    for (let i = 0; i <= limit; i++) {
      const result = await submitComment(handle.db, slug, validComment(), { ipHash, idempotencyKey: i === limit ? stored.idempotencyKey : `guess-${i}-${randomUUID()}` });
      answers.push(result.ok ? (result.replayed ? 'replayed' : 'created') : result.error);
    }
    // The key guessed last is a real one, but the client has used up its attempts.
    expect(answers.at(-1)).toBe('rateLimited');
  });

  it('refuses 1,000+ generated bad payloads with field errors, storing nothing', async () => {
    const before = await counts();
    const valid = validComment();
    const junk = fc.oneof(
      fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.string(),
      fc.array(fc.anything(), { maxLength: 3 }), fc.object({ maxDepth: 2 }),
    );
    const controlChar = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u202e');
    const mutate = fc.oneof(
      junk.map((v) => v),
      junk.map((v) => ({ ...valid, submitter: v })),
      junk.map((v) => ({ ...valid, opinions: v })),
      junk.filter((v) => v !== true).map((v) => ({ ...valid, consent: v })),
      junk.filter((v) => typeof v !== 'string').map((v) => ({ ...valid, submitter: { ...valid.submitter, name: v } })),
      junk.filter((v) => typeof v !== 'string').map((v) => ({ ...valid, submitter: { ...valid.submitter, address: v } })),
      fc.string({ maxLength: 3 }).filter((s) => s.trim() === '').map((name) => ({ ...valid, submitter: { ...valid.submitter, name } })),
      fc.string({ minLength: 201, maxLength: 400 }).filter((s) => [...s.trim()].length > 200).map((address) => ({ ...valid, submitter: { ...valid.submitter, address } })),
      fc.string().filter((s) => !valid.submitter.category.includes(s) && s !== '').map((category) => ({ ...valid, submitter: { ...valid.submitter, category } })),
      fc.string({ minLength: 1 }).filter((s) => !s.includes('@') && s.trim() !== '').map((email) => ({ ...valid, submitter: { ...valid.submitter, email } })),
      fc.oneof(fc.integer({ min: 6 }), fc.integer({ max: 0 }), fc.double({ noInteger: true }), fc.string(), fc.boolean()).map((itemNumber) => ({ ...valid, opinions: [{ itemNumber, text: 'x' }] })),
      fc.string({ maxLength: 5 }).filter((s) => s.trim() === '').map((text) => ({ ...valid, opinions: [{ itemNumber: null, text }] })),
      fc.integer({ min: 2001, max: 5000 }).map((n) => ({ ...valid, opinions: [{ itemNumber: 1, text: 'あ'.repeat(n) }] })),
      fc.tuple(fc.string(), controlChar, fc.string()).map(([a, c, b]) => ({ ...valid, opinions: [{ itemNumber: 1, text: `意見${a}${c}${b}` }] })),
      fc.tuple(fc.string(), controlChar).map(([a, c]) => ({ ...valid, submitter: { ...valid.submitter, name: `太郎${a}${c}` } })),
      fc.constant({ ...valid, opinions: [] }),
      fc.constant({ ...valid, opinions: Array.from({ length: 101 }, () => ({ itemNumber: null, text: 'x' })) }),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(mutate, async (payload) => {
        runs++;
        const result = await submitComment(handle.db, slug, payload, ctx());
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error).toBe('validation');
          if (result.error === 'validation') expect(Object.keys(result.fields).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1200 },
    );
    expect(runs).toBeGreaterThanOrEqual(1000);
    expect(await counts()).toEqual(before);
  });

  it('accepts from the first moment of the period to the last, and refuses outside it', async () => {
    const opensAt = new Date('2026-03-01T00:00:00Z');
    const closesAt = new Date('2026-03-31T15:00:00Z');
    const edge = await createTestConsultation(handle.db, { opensAt, closesAt });
    const at = (ms: number) => submitComment(handle.db, edge.slug, validComment(), ctx({ now: new Date(ms) }));
    expect(await at(opensAt.getTime() - 1)).toEqual({ ok: false, error: 'upcoming' });
    expect((await at(opensAt.getTime())).ok).toBe(true);
    expect((await at(closesAt.getTime() - 1)).ok).toBe(true);
    expect(await at(closesAt.getTime())).toEqual({ ok: false, error: 'closed' });
    // With the real clock: a case that closed a second ago refuses.
    const closed = await createTestConsultation(handle.db, { opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() - 1000) });
    expect(await submitComment(handle.db, closed.slug, validComment(), ctx())).toEqual({ ok: false, error: 'closed' });
  });

  it('checks the period at commit time, not only when the request arrives', async () => {
    const edge = await createTestConsultation(handle.db);
    // The request arrived while open (the early check passes) but the database clock, which
    // decides inside the transaction, says the case has closed.
    await handle.db.execute(sql`update consultations set closes_at = now() - interval '1 second' where slug = ${edge.slug}`);
    const result = await submitComment(handle.db, edge.slug, validComment(), ctx({ now: undefined }));
    expect(result).toEqual({ ok: false, error: 'closed' });
  });

  // PGlite reads this process's clock, which cannot be off from itself.
  it.skipIf(driver === 'pglite')("states the database clock's minute in the mail when the app's clock is off by minutes, counting the attempt once", async () => {
    const ipHash = `ip-${randomUUID()}`;
    const realNow = Date.now();
    // The app's clock ten minutes ahead of the database's; it keeps running.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: realNow + 10 * 60_000 });
    let result: Awaited<ReturnType<typeof submitComment>>;
    try {
      result = await submitComment(handle.db, slug, validComment({ email: 'skew@example.jp' }), ctx({ ipHash }));
    } finally {
      vi.useRealTimers();
    }
    expect(result.ok).toBe(true);
    if (!result.ok || result.replayed) return;
    const receivedAt = new Date(result.receipt.receivedAt).getTime();
    expect(Math.abs(receivedAt - realNow)).toBeLessThan(60_000);
    const [mail] = await handle.db.select().from(mailOutbox).orderBy(sql`id desc`).limit(1);
    expect(mail!.body).toContain(result.receipt.receiptNumber);
    expect(mail!.body).toContain(formatDateFor('ja', new Date(receivedAt), { withTime: true }));
    const counted = await handle.db.select({ count: rateLimits.count }).from(rateLimits).where(sql`${rateLimits.key} = ${`submission-ip:${ipHash}`}`);
    expect(counted).toEqual([{ count: 1 }]);
  });

  it('limits submissions per IP and per e-mail, with the time to wait', async () => {
    const ipHash = `ip-${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await submitComment(handle.db, slug, validComment(), ctx({ ipHash })));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ ok: false, error: 'rateLimited' });
    expect((results[3] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);

    const email = `limit-${randomUUID()}@example.jp`;
    const byMail = [];
    for (let i = 0; i < 3; i++) byMail.push(await submitComment(handle.db, slug, validComment({ email }), ctx()));
    expect(byMail.map((r) => r.ok)).toEqual([true, true, false]);
  });

  it('refuses a filled honeypot without a receipt, and an unknown case', async () => {
    const before = await counts();
    expect(await submitComment(handle.db, slug, validComment(), ctx({ honeypot: 'http://spam.example' }))).toEqual({ ok: false, error: 'rejected' });
    expect(await submitComment(handle.db, 'no-such-case', validComment(), ctx())).toEqual({ ok: false, error: 'notFound' });
    expect(await counts()).toEqual(before);
  });
});
