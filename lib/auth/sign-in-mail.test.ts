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
