import 'server-only';
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { env } from '@/lib/env';

/**
 * The TCP peer's address, as server.mjs puts it on every request (overwriting whatever a
 * client sent under this name). Next.js itself only offers X-Forwarded-For, which it fills
 * from the socket only when the client sent none.
 */
export const SOCKET_ADDRESS_HEADER = 'x-socket-remote-address';

/**
 * IP addresses are personal data: we keep only a keyed hash, enough to rate-limit and to
 * correlate audit events, useless to anyone without the key.
 */
export function hashIp(ip: string, key = env().IP_HASH_KEY): string {
  return createHmac('sha256', key).update(ip).digest('base64url').slice(0, 32);
}

/**
 * The client's address, as the rate limits and the audit log key it. The chain is what the
 * proxies appended to X-Forwarded-For, then the socket's peer; with TRUSTED_PROXY_HOPS=N
 * trusted proxies in front, the client is the entry N places before the socket (0: the socket
 * itself, so a client without a proxy cannot choose its key by sending the header). Entries a
 * client wrote further left are never believed.
 *
 * IPv6 clients are keyed by their /64: one subscriber usually holds a whole /64, and could
 * otherwise take a fresh address for every request.
 *
 * Without server.mjs (plain `next start`, `next dev`) there is no socket header, and Next.js puts
 * the socket's address into X-Forwarded-For only when the client sent none: its last entry may
 * be the client's own choice. So with no trusted proxy (TRUSTED_PROXY_HOPS=0) the header is not
 * believed at all and every such caller shares the one key `unknown` (the limits get stricter
 * for everyone, never looser for one: run `npm start`); behind N trusted proxies the entry the
 * nearest one appended is the last.
 */
export function clientIp(headers: Headers, trustedHops = env().TRUSTED_PROXY_HOPS): string {
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const socket = headers.get(SOCKET_ADDRESS_HEADER);
  if (socket) chain.push(socket);
  else if (trustedHops === 0) return 'unknown';
  else trustedHops -= 1;
  const ip = chain[Math.max(0, chain.length - 1 - trustedHops)];
  return ip ? rateLimitSubject(ip) : 'unknown';
}

/** An IPv4 address as is; an IPv6 address as its /64 (IPv4-mapped ones as the IPv4 address). */
export function rateLimitSubject(ip: string): string {
  const bare = ip.replace(/^\[|\](:\d+)?$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (!isIPv6(bare)) return bare;
  return `${expandIpv6(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, lower-case, without leading zeros. */
function expandIpv6(ip: string): string[] {
  let text = ip.toLowerCase();
  // A trailing dotted IPv4 part stands for the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => parseInt(group, 16).toString(16));
}
