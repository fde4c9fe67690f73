import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '@/db/client';
import { auditLog, mailOutbox, verificationTokens } from '@/db/schema';
import { KEPT_LOCALLY, localOutboxEnabled } from '@/lib/email/local-outbox';
import { env, resetEnvForTests } from '@/lib/env';
import { createTestDatabase } from '@/lib/testing/databases';
import { startMailCatcher, type MailCatcher } from '@/lib/testing/mail-catcher';
import { createStaffWithSession } from '@/lib/testing/staff-with-session';

let catcher: MailCatcher;
let handle: DbHandle;

beforeAll(async () => {
  catcher = await startMailCatcher();
  process.env.SMTP_URL = catcher.smtpUrl;
  process.env.AUTH_URL = 'https://comment.city.example.jp';
  process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
  process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
  resetEnvForTests();
  handle = await createTestDatabase('pglite');
});
afterAll(async () => {
  await handle?.close();
  await catcher?.close();
});

describe('the mailed sign-in link', () => {
  it('leads to the confirmation page under the configured origin, with only the token and the address', async () => {
    const { signInLinkUrl } = await import('./sign-in-mail');
    expect(signInLinkUrl('a@example.jp', 'abc123', 'https://comment.city.example.jp')).toBe(
      'https://comment.city.example.jp/staff/sign-in/confirm?token=abc123&email=a%40example.jp',
    );
  });

  it('is issued for active staff only, stored as the hash Auth.js checks, mailed with the configured origin', async () => {
    const { issueSignInLink, verificationTokenHash } = await import('./sign-in-mail');
    const email = `clerk-${randomUUID()}@example.jp`;
    await createStaffWithSession(handle.db, { email, role: 'admin' });
    await issueSignInLink(handle.db, { email, ipHash: 'ip-1' });
    const mail = await catcher.waitFor((m) => m.to.includes(email));
    const link = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
    expect(link.origin).toBe('https://comment.city.example.jp');
    expect(link.pathname).toBe('/staff/sign-in/confirm');
    const token = link.searchParams.get('token')!;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await handle.db.select().from(verificationTokens).where(eq(verificationTokens.identifier, email));
    expect(row?.token).toBe(verificationTokenHash(token));
    expect(row?.token).not.toBe(token);

    const unknown = `nobody-${randomUUID()}@example.jp`;
    await issueSignInLink(handle.db, { email: unknown, ipHash: 'ip-1' });
    expect(await handle.db.select().from(verificationTokens).where(eq(verificationTokens.identifier, unknown))).toHaveLength(0);
    const requested = await handle.db.select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.action, 'auth.sign_in_requested'));
    expect(requested.map((r) => r.after)).toEqual([{ registered: true }, { registered: false }]);
    expect(catcher.messages.filter((m) => m.to.includes(unknown))).toHaveLength(0);
  });
});

function captureConsole() {
  const lines: string[] = [];
  const original = { warn: console.warn, error: console.error, log: console.log };
  console.warn = console.error = console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  return { lines, restore: () => Object.assign(console, original) };
}

const LINK = 'https://comment.city.example.jp/staff/sign-in/confirm?token=secret-token-123&email=a%40example.jp';

describe('without SMTP settings, in production on PostgreSQL (no local outbox)', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, { NODE_ENV: 'production', DATABASE_URL: 'postgres://unused.invalid/db', AUTH_SECRET: 'x'.repeat(32), IP_HASH_KEY: 'y'.repeat(32) });
    delete process.env.SMTP_URL;
    resetEnvForTests();
    delete (globalThis as { __mailTransport?: unknown }).__mailTransport;
  });
  afterAll(() => {
    process.env = saved;
    resetEnvForTests();
  });

  it('logs that mail is not configured and never the link', async () => {
    const { sendSignInLink } = await import('./sign-in-mail');
    expect(localOutboxEnabled()).toBe(false);
    const output = captureConsole();
    try {
      await sendSignInLink(handle.db, { to: 'a@example.jp', link: LINK, expires: new Date() });
    } finally {
      output.restore();
    }
    expect(output.lines.join('\n')).toContain('mail is not configured');
    expect(output.lines.join('\n')).not.toContain('secret-token-123');
    expect(output.lines.join('\n')).not.toContain('a@example.jp');
  });
});

describe('without SMTP settings on the embedded database (the local outbox)', () => {
  beforeAll(() => {
    delete process.env.SMTP_URL;
    delete process.env.DATABASE_URL;
    resetEnvForTests();
  });

  it('keeps the mail, never to be sent, and prints the link on the console only', async () => {
    const { sendSignInLink } = await import('./sign-in-mail');
    expect(env().SMTP_URL).toBeUndefined();
    expect(env().DATABASE_URL).toBeUndefined();
    expect(localOutboxEnabled()).toBe(true);
    const local = await openDatabase({ dataDir: 'memory://' });
    const output = captureConsole();
    try {
      await sendSignInLink(local.db, { to: 'a@example.jp', link: LINK, expires: new Date() });
    } finally {
      output.restore();
    }
    const kept = await local.db.select().from(mailOutbox);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ kind: 'sign_in_link', recipient: 'a@example.jp', status: 'failed', lastError: KEPT_LOCALLY });
    expect(kept[0]!.body).toContain('/staff/sign-in/confirm?token=secret-token-123');
    expect(output.lines.join('\n')).toContain('local outbox');
    expect(output.lines.join('\n')).toContain('token=secret-token-123');
    await local.close();
  });
});
