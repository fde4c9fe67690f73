import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { submitComment } from '@/lib/submissions/accept';
import { resetEnvForTests } from '@/lib/env';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { startMailCatcher, type MailCatcher } from '@/lib/testing/mail-catcher';
import { createTestConsultation, validComment } from '@/lib/testing/submission-fixtures';
import { deliverPendingMail, retryDelayMs } from './outbox';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
process.env.SUBMISSION_LIMIT_PER_EMAIL = '1000';
resetEnvForTests();

const ctx = () => ({ ipHash: `ip-${randomUUID()}`, idempotencyKey: `key-${randomUUID()}` });

describe('retry delay', () => {
  it('doubles per attempt, with jitter in the upper half, capped at an hour', () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 0.999_999)).toBeCloseTo(30_000, -1);
    expect(retryDelayMs(3, () => 0)).toBe(60_000);
    expect(retryDelayMs(30, () => 1)).toBe(3_600_000);
  });
});

describe.each(testDrivers())('the mail outbox on %s, with a real SMTP server', (driver) => {
  let handle: DbHandle;
  let catcher: MailCatcher;
  let slug: string;
  let transport: nodemailer.Transporter;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    slug = (await createTestConsultation(handle.db)).slug;
    catcher = await startMailCatcher();
    transport = nodemailer.createTransport(catcher.smtpUrl, { connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 4000 });
  });
  afterAll(async () => {
    transport?.close();
    await catcher?.close();
    await handle?.close();
  });

  it('delivers the receipt mail with the number, the case, the items and character counts; never what was typed (M4)', async () => {
    const email = `receipt-${randomUUID()}@example.jp`;
    // What an attacker would have the city mail to a stranger's address: markup and a link.
    const text = '<script>alert(1)</script> 当選しました https://evil.example/claim';
    const result = await submitComment(handle.db, slug, validComment({ email, text }), ctx());
    if (!result.ok || result.replayed) throw new Error('not stored');
    expect(await deliverPendingMail(handle.db, transport)).toMatchObject({ sent: 1, retrying: 0 });
    const mail = await catcher.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toContain(result.receipt.receiptNumber);
    expect(mail.text).toContain(`受付番号：${result.receipt.receiptNumber}`);
    expect(mail.text).toContain(result.receipt.consultationTitle);
    expect(mail.text).toContain(`■ No.2 数値目標（${[...text].length}文字）`);
    expect(mail.text).toContain('■ 全体について（20文字）');
    for (const typed of [text, 'evil.example', '<script>', '全体として分かりやすくなったと思います。', '伊勢崎 太郎', '今泉町', '市内在住']) {
      expect(mail.text).not.toContain(typed);
    }
    const [row] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('keeps accepting while SMTP is down, uses up no attempts, then delivers every mail once when it is back', async () => {
    await catcher.stopSmtp();
    const emails = Array.from({ length: 6 }, (_, i) => `down-${i}-${randomUUID()}@example.jp`);
    const receipts: string[] = [];
    try {
      for (const email of emails) {
        const result = await submitComment(handle.db, slug, validComment({ email }), ctx());
        expect(result.ok).toBe(true);
        if (result.ok) receipts.push(result.receipt.receiptNumber);
      }
      // The server is down, not the mail: the run stops at the first and puts all back, due.
      for (let run = 0; run < 3; run++) {
        expect(await deliverPendingMail(handle.db, transport)).toEqual({ sent: 0, retrying: 0, failed: 0, unavailable: true });
      }
      const rows = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'pending'));
      expect(rows).toHaveLength(6);
      for (const row of rows) {
        expect(row.attempts).toBe(0);
        expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
      }
      expect(rows.filter((row) => row.lastError)).not.toHaveLength(0);
    } finally {
      await catcher.startSmtp();
    }

    // Two workers at once, past the backoff: SKIP LOCKED shares the rows out, none sent twice.
    const later = new Date(Date.now() + 10 * 60_000);
    const reports = await Promise.all([
      deliverPendingMail(handle.db, transport, { now: later, batch: 3 }),
      deliverPendingMail(handle.db, transport, { now: later, batch: 3 }),
    ]);
    let sent = reports.reduce((n, r) => n + r.sent, 0);
    while (sent < 6) {
      const more = await deliverPendingMail(handle.db, transport, { now: later, batch: 3 });
      expect(more.sent).toBeGreaterThan(0);
      sent += more.sent;
    }
    for (const [i, email] of emails.entries()) {
      const mail = await catcher.waitFor((m) => m.to.includes(email));
      expect(mail.text).toContain(receipts[i]!);
    }
    for (const email of emails) expect(catcher.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(await deliverPendingMail(handle.db, transport, { now: later })).toEqual({ sent: 0, retrying: 0, failed: 0, unavailable: false });
  });

  it('retries a mail the server refuses with backoff, marks it failed after the last attempt and keeps it', async () => {
    await handle.db.insert(mailOutbox).values({ kind: 'test', recipient: 'nobody@rejected.invalid', subject: 's', body: 'b', attempts: 1 });
    const first = await deliverPendingMail(handle.db, transport, { maxAttempts: 3 });
    expect(first).toEqual({ sent: 0, retrying: 1, failed: 0, unavailable: false });
    const [retrying] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'nobody@rejected.invalid'));
    expect(retrying).toMatchObject({ status: 'pending', attempts: 2 });
    expect(retrying!.lastError).toBeTruthy();
    expect(retrying!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: a run now sends nothing.
    expect(await deliverPendingMail(handle.db, transport, { maxAttempts: 3 })).toMatchObject({ retrying: 0, failed: 0 });

    const later = new Date(Date.now() + 10 * 60_000);
    expect(await deliverPendingMail(handle.db, transport, { maxAttempts: 3, now: later })).toEqual({ sent: 0, retrying: 0, failed: 1, unavailable: false });
    const [row] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'nobody@rejected.invalid'));
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await deliverPendingMail(handle.db, transport, { now: new Date(Date.now() + 86_400_000) })).toMatchObject({ sent: 0 });
  });

  it('does nothing without a transport (mail not configured), leaving mail pending', async () => {
    await handle.db.insert(mailOutbox).values({ kind: 'test', recipient: 'later@example.jp', subject: 's', body: 'b' });
    expect(await deliverPendingMail(handle.db, null)).toEqual({ sent: 0, retrying: 0, failed: 0, unavailable: false });
    const rows = await queryRows(handle.db, sql`select 1 from mail_outbox where recipient = 'later@example.jp' and status = 'pending' and attempts = 0`);
    expect(rows).toHaveLength(1);
  });
});
