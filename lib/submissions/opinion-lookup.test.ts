import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { opinions } from '@/db/schema';
import { resetEnvForTests } from '@/lib/env';
import { getPublishedResult } from '@/lib/data/results/public';
import { publishResults } from '@/lib/data/results/publish';
import { submitComment } from './accept';
import { ensureDefaultCategories } from '@/lib/data/triage/categories';
import { splitOpinion } from '@/lib/data/triage/opinions';
import { runWithRequestContext } from '@/lib/auth/request-context';
import { lookUpOpinionsAction } from '@/lib/actions/look-up-opinions';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { answerInApprovedGroups } from '@/lib/testing/results-fixtures';
import { createTestConsultation, validComment } from '@/lib/testing/submission-fixtures';
import { createTestActor } from '@/lib/testing/triage-fixtures';
import { LOOKUP_RULES, lookUpOpinions } from './opinion-lookup';
import type { LookupState } from './opinion-lookup-state';
import { generateReceiptNumber } from './receipt-number';
import { SOCKET_ADDRESS_HEADER } from '@/lib/security/ip-hash';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
resetEnvForTests();

const ip = () => `ip-${randomUUID()}`;

describe.each(testDrivers())('where is my opinion (受付番号で確かめる) on %s', (driver) => {
  let handle: DbHandle;
  let c: { id: number; slug: string };
  let mine: string;
  let theirs: string;
  let noMail: string;
  const myEmail = `Resident.${randomUUID()}@Example.jp`;

  async function submit(comment: ReturnType<typeof validComment>) {
    const result = await submitComment(handle.db, c.slug, comment, { ipHash: ip(), idempotencyKey: `key-${randomUUID()}` });
    if (!result.ok || result.replayed) throw new Error('expected a new submission');
    return result.receipt.receiptNumber;
  }

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    c = await createTestConsultation(handle.db, { items: 4 });
    await ensureDefaultCategories(handle.db, c.id);
    mine = await submit({ ...validComment({ email: myEmail }), opinions: [{ itemNumber: 3, text: '第3項についての私の意見です。' }] });
    theirs = await submit(validComment({ email: `other-${randomUUID()}@example.jp` }));
    noMail = await submit(validComment({ text: '最初の行です。\n二行目は照合に使いません。' }));
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('finds the asker’s own opinions only, by number and e-mail typed any case and with spaces', async () => {
    const outcome = await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: mine, secret: `  ${myEmail.toUpperCase()} `, ipHash: ip() });
    expect(outcome).toEqual({
      ok: true,
      found: { receiptNumber: mine, receivedAt: expect.any(String), resultVersion: null, opinions: [{ number: 1, part: null, itemNumber: 3, heading: '数値目標', answer: { kind: 'pending' } }] },
    });
  });

  it('answers someone else’s number without their e-mail exactly as an unknown number', async () => {
    const wrongMail = await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: theirs, secret: myEmail, ipHash: ip() });
    const unknown = await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: generateReceiptNumber(), secret: myEmail, ipHash: ip() });
    const otherCase = await lookUpOpinions(handle.db, { slug: 'no-such-case', receiptNumber: mine, secret: myEmail, ipHash: ip() });
    // The first line of their text does not stand in for an e-mail they gave.
    const line = await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: theirs, secret: '年少人口の目標値の根拠を示してください。', ipHash: ip() });
    for (const outcome of [wrongMail, unknown, otherCase, line]) expect(outcome).toEqual({ ok: false, error: 'notFound' });
  });

  it('without an e-mail, the exact first line of a text finds the submission; another line does not', async () => {
    const found = await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: noMail, secret: ' 最初の行です。 ', ipHash: ip() });
    expect(found.ok && found.found.opinions.map((o) => o.itemNumber)).toEqual([2, null]);
    for (const secret of ['二行目は照合に使いません。', '最初の行', '最初の行です。\n二行目は照合に使いません。x']) {
      expect(await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: noMail, secret, ipHash: ip() })).toEqual({ ok: false, error: 'notFound' });
    }
  });

  it('limits attempts per client and per receipt number, right answers included', async () => {
    const now = new Date('2031-01-01T00:00:00Z');
    const client = ip();
    for (let i = 0; i < LOOKUP_RULES.ip.limit; i++) {
      expect(await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: generateReceiptNumber(), secret: 'x@example.jp', ipHash: client }, now)).toEqual({ ok: false, error: 'notFound' });
    }
    const refused = await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: mine, secret: myEmail, ipHash: client }, now);
    expect(refused).toMatchObject({ ok: false, error: 'rateLimited' });

    // From many addresses, one number: refused after the per-number limit.
    const later = new Date('2031-02-01T00:00:00Z');
    for (let i = 0; i < LOOKUP_RULES.receipt.limit; i++) {
      expect(await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: theirs, secret: `guess-${i}@example.jp`, ipHash: ip() }, later)).toEqual({ ok: false, error: 'notFound' });
    }
    expect(await lookUpOpinions(handle.db, { slug: c.slug, receiptNumber: theirs, secret: 'guess@example.jp', ipHash: ip() }, later)).toMatchObject({ ok: false, error: 'rateLimited' });
  });

  it('the action catches a wrong check character before counting or reading anything, and never sends the secret back', async () => {
    const typo = mine.slice(0, -1) + (mine.endsWith('0') ? '1' : '0');
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.set(k, v);
      return data;
    };
    const run = (data: FormData) =>
      runWithRequestContext({ db: handle.db, sessionToken: null, headers: new Headers({ [SOCKET_ADDRESS_HEADER]: '203.0.113.9' }) }, () =>
        lookUpOpinionsAction({ status: 'idle', values: { receiptNumber: '' } }, data),
      );
    const counted = async () => (await queryRows<{ n: number }>(handle.db, sql`select coalesce(sum(count), 0)::int as n from rate_limits`))[0]!.n;
    const before = await counted();
    const invalid = await run(form({ slug: c.slug, receiptNumber: typo, secret: myEmail }));
    expect(invalid).toEqual({ status: 'invalid', values: { receiptNumber: typo }, errors: { receiptNumber: 'receiptNumberInvalid' } });
    expect(await run(form({ slug: c.slug, receiptNumber: '', secret: '' }))).toEqual({
      status: 'invalid',
      values: { receiptNumber: '' },
      errors: { receiptNumber: 'receiptNumberRequired', secret: 'secretRequired' },
    });
    expect(await counted()).toBe(before);

    // Lower case, spaces for hyphens, O for 0: read as the number; the answer names it canonically.
    const found: LookupState = await run(form({ slug: c.slug, receiptNumber: mine.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o'), secret: myEmail }));
    expect(found).toMatchObject({ status: 'found', values: { receiptNumber: mine } });
    expect(JSON.stringify(found)).not.toContain(myEmail);
  });

  it('after publication, shows the row of the result that answers each opinion, split parts included', async () => {
    const closed = await createTestConsultation(handle.db, { items: 3 });
    await ensureDefaultCategories(handle.db, closed.id);
    const email = `pub-${randomUUID()}@example.jp`;
    const result = await submitComment(handle.db, closed.slug, { ...validComment({ email }), opinions: [{ itemNumber: 1, text: '前半の意見。後半の意見。' }] }, { ipHash: ip(), idempotencyKey: `key-${randomUUID()}` });
    if (!result.ok || result.replayed) throw new Error('expected a new submission');
    const other = await submitComment(handle.db, closed.slug, validComment({ email: `x-${randomUUID()}@example.jp` }), { ipHash: ip(), idempotencyKey: `key-${randomUUID()}` });
    expect(other.ok).toBe(true);
    const admin = await createTestActor(handle.db, 'admin');
    const reviewer = await createTestActor(handle.db, 'reviewer');
    // Staff split the opinion in two and move the second half to item 2.
    const [source] = await handle.db.select().from(opinions).where(eq(opinions.consultationId, closed.id)).orderBy(opinions.id).limit(1);
    const split = await splitOpinion(handle.db, reviewer, { consultationId: closed.id, id: source!.id, version: source!.version, pieces: ['前半の意見。', '後半の意見。'] });
    expect(split.ok).toBe(true);
    const [, second] = await handle.db.select().from(opinions).where(eq(opinions.submissionId, source!.submissionId)).orderBy(opinions.startOffset);
    await handle.db.update(opinions).set({ itemNumber: 2 }).where(eq(opinions.id, second!.id));
    await answerInApprovedGroups(handle.db, closed.id, admin.id, 1);
    const published = await publishResults(handle.db, admin, { consultationId: closed.id }, null, new Date(Date.now() + 60 * 86_400_000));
    expect(published.ok).toBe(true);

    const outcome = await lookUpOpinions(handle.db, { slug: closed.slug, receiptNumber: result.receipt.receiptNumber, secret: email, ipHash: ip() });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.found.resultVersion).toBe(1);
    expect(outcome.found.opinions.map((o) => [o.number, o.part, o.itemNumber])).toEqual([
      [1, 1, 1],
      [1, 2, 2],
    ]);
    const rows = outcome.found.opinions.map((o) => (o.answer.kind === 'row' ? o.answer.row : null));
    expect(rows.map((r) => [r?.itemNumber, r?.summaries])).toEqual([
      [1, ['前半の意見。']],
      [2, ['後半の意見。']],
    ]);
    // The rows are the published ones, numbered as the public table numbers them.
    const publicResult = await getPublishedResult(handle.db, closed.slug);
    if (publicResult?.status !== 'published') throw new Error('expected a published result');
    for (const row of rows) expect(publicResult.snapshot.rows.find((p) => p.no === row!.no)).toMatchObject(row!);
    expect(publicResult.snapshot.rows).toHaveLength(4);
  });
});
