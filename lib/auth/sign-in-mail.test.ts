import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import { KEPT_LOCALLY, localOutboxEnabled } from '@/lib/email/local-outbox';
import { env, resetEnvForTests } from '@/lib/env';
import { runWithRequestContext } from './request-context';
import { confirmationUrl } from './sign-in-mail';

describe('the mailed sign-in link', () => {
  const callback = 'http://evil.example/api/auth/callback/nodemailer?callbackUrl=%2Fstaff&token=abc123&email=a%40example.jp';

  it('leads to the confirmation page, keeping only the token and the address', () => {
    expect(confirmationUrl(callback, 'https://comment.city.example.jp')).toBe(
      'https://comment.city.example.jp/staff/sign-in/confirm?token=abc123&email=a%40example.jp',
    );
  });

  it('takes the origin from AUTH_URL, never from the request, when it is set', () => {
    expect(new URL(confirmationUrl(callback, 'https://comment.city.example.jp/')).host).toBe('comment.city.example.jp');
    expect(new URL(confirmationUrl(callback, undefined)).host).toBe('evil.example');
  });
});

function captureConsole() {
  const lines: string[] = [];
  const original = { warn: console.warn, error: console.error, log: console.log };
  console.warn = console.error = console.log = (...args: unknown[]) => void lines.push(args.join(' '));
  return { lines, restore: () => Object.assign(console, original) };
}

const LINK = 'http://127.0.0.1/api/auth/callback/nodemailer?token=secret-token-123&email=a%40example.jp';

describe('without SMTP settings, in production on PostgreSQL (no local outbox)', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, { NODE_ENV: 'production', DATABASE_URL: 'postgres://unused.invalid/db', AUTH_SECRET: 'x'.repeat(32), IP_HASH_KEY: 'y'.repeat(32) });
    delete process.env.SMTP_URL;
    resetEnvForTests();
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
      await sendSignInLink({ to: 'a@example.jp', callbackUrl: LINK, expires: new Date() });
    } finally {
      output.restore();
    }
    expect(output.lines.join('\n')).toContain('mail is not configured');
    expect(output.lines.join('\n')).not.toContain('secret-token-123');
    expect(output.lines.join('\n')).not.toContain('a@example.jp');
  });
});

describe('without SMTP settings on the embedded database (the local outbox)', () => {
  it('keeps the mail, never to be sent, and prints the link on the console only', async () => {
    const { sendSignInLink } = await import('./sign-in-mail');
    expect(env().SMTP_URL).toBeUndefined();
    expect(env().DATABASE_URL).toBeUndefined();
    expect(localOutboxEnabled()).toBe(true);
    const handle = await openDatabase({ dataDir: 'memory://' });
    const output = captureConsole();
    try {
      await runWithRequestContext({ db: handle.db, sessionToken: null, headers: new Headers() }, () =>
        sendSignInLink({ to: 'a@example.jp', callbackUrl: LINK, expires: new Date() }),
      );
    } finally {
      output.restore();
    }
    const kept = await handle.db.select().from(mailOutbox);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ kind: 'sign_in_link', recipient: 'a@example.jp', status: 'failed', lastError: KEPT_LOCALLY });
    expect(kept[0]!.body).toContain('/staff/sign-in/confirm?token=secret-token-123');
    expect(output.lines.join('\n')).toContain('local outbox');
    expect(output.lines.join('\n')).toContain('token=secret-token-123');
    await handle.close();
  });
});
