import { createHmac } from 'node:crypto';
import { env } from '@/lib/env';

/**
 * IP addresses are personal data: we keep only a keyed hash, enough to rate-limit and to
 * correlate audit events, useless to anyone without the key.
 */
export function hashIp(ip: string, key = env().IP_HASH_KEY): string {
  return createHmac('sha256', key).update(ip).digest('base64url').slice(0, 32);
}

/**
 * The client's address from X-Forwarded-For. Next.js sets the header from the socket when it
 * is absent; a trusted proxy appends what it saw, so the last entry is the one to believe.
 * Without a proxy in front a client can put anything there: deploy behind one (OPERATIONS).
 */
export function clientIp(headers: Headers, trustedHops = env().TRUSTED_PROXY_HOPS): string {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const ip = chain[Math.max(0, chain.length - Math.max(1, trustedHops))];
  return ip ?? 'unknown';
}
