import { describe, expect, it } from 'vitest';
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

describe('without SMTP settings', () => {
  it('logs that mail is not configured and never the link outside development', async () => {
    const { sendSignInLink } = await import('./sign-in-mail');
    const { env } = await import('@/lib/env');
    expect(env().SMTP_URL).toBeUndefined();
    expect(env().NODE_ENV).not.toBe('development');
    const lines: string[] = [];
    const original = { warn: console.warn, error: console.error, log: console.log };
    console.warn = console.error = console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      await sendSignInLink({ to: 'a@example.jp', callbackUrl: 'http://127.0.0.1/api/auth/callback/nodemailer?token=secret-token-123&email=a%40example.jp', expires: new Date() });
    } finally {
      Object.assign(console, original);
    }
    expect(lines.join('\n')).toContain('mail is not configured');
    expect(lines.join('\n')).not.toContain('secret-token-123');
    expect(lines.join('\n')).not.toContain('a@example.jp');
  });
});
