import { env } from '@/lib/env';

/**
 * Whether the browser talks to us over https: from AUTH_URL when set, else from the
 * X-Forwarded-Proto that Next.js (or the proxy in front) sets. Auth.js is configured with the
 * same answer, so the cookie it sets and the cookie we read have the same name.
 */
export function isSecureRequest(requestHeaders: Headers): boolean {
  const authUrl = env().AUTH_URL;
  if (authUrl) return new URL(authUrl).protocol === 'https:';
  const proto = (requestHeaders.get('x-forwarded-proto') ?? '').split(',')[0]?.trim();
  return proto === 'https';
}
