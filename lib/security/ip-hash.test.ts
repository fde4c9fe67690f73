import { describe, expect, it } from 'vitest';
import { clientIp, hashIp, SOCKET_ADDRESS_HEADER } from './ip-hash';

describe('hashIp', () => {
  it('is stable for one key, differs across keys, and hides the address', () => {
    const key = 'k'.repeat(32);
    expect(hashIp('203.0.113.5', key)).toBe(hashIp('203.0.113.5', key));
    expect(hashIp('203.0.113.5', key)).not.toBe(hashIp('203.0.113.6', key));
    expect(hashIp('203.0.113.5', key)).not.toBe(hashIp('203.0.113.5', 'x'.repeat(32)));
    expect(hashIp('203.0.113.5', key)).not.toContain('203');
  });
});

describe('clientIp', () => {
  const headers = (xff?: string, socket?: string) =>
    new Headers({ ...(xff ? { 'x-forwarded-for': xff } : {}), ...(socket ? { [SOCKET_ADDRESS_HEADER]: socket } : {}) });

  it('with no trusted proxy (TRUSTED_PROXY_HOPS=0) is the socket: a spoofed X-Forwarded-For counts for nothing', () => {
    expect(clientIp(headers('198.51.100.1', '203.0.113.9'), 0)).toBe('203.0.113.9');
    expect(clientIp(headers('198.51.100.1', '203.0.113.9'), 0)).toBe(clientIp(headers('198.51.100.2', '203.0.113.9'), 0));
  });

  it('believes the entry the nearest trusted proxy appended, never one further left', () => {
    expect(clientIp(headers('198.51.100.1, 203.0.113.9', '10.0.0.1'), 1)).toBe('203.0.113.9');
    expect(clientIp(headers('198.51.100.1, 203.0.113.9, 10.0.0.2', '10.0.0.1'), 2)).toBe('203.0.113.9');
  });

  it('keys IPv6 clients by their /64, and IPv4-mapped addresses as IPv4', () => {
    const a = clientIp(headers(undefined, '2001:db8:1:2:aaaa::1'), 0);
    expect(a).toBe('2001:db8:1:2::/64');
    expect(clientIp(headers(undefined, '2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), 0)).toBe(a);
    expect(clientIp(headers(undefined, '2001:db8:1:3::1'), 0)).not.toBe(a);
    expect(clientIp(headers(undefined, '::1'), 0)).toBe('0:0:0:0::/64');
    expect(clientIp(headers(undefined, '::ffff:192.0.2.7'), 0)).toBe('192.0.2.7');
    expect(clientIp(headers('2001:db8:9:9:1:2:3:4', '10.0.0.1'), 1)).toBe('2001:db8:9:9::/64');
  });

  it('without the socket header (plain next start) and no trusted proxy, X-Forwarded-For is not believed: every caller shares one key', () => {
    // Next.js sets the header from the socket only when the client sent none, so a client could name any address here.
    expect(clientIp(headers('198.51.100.1'), 0)).toBe('unknown');
    expect(clientIp(headers('198.51.100.2'), 0)).toBe('unknown');
    expect(clientIp(headers('198.51.100.1, 203.0.113.9'), 0)).toBe('unknown');
    expect(clientIp(headers(), 0)).toBe('unknown');
  });

  it('without the socket header behind trusted proxies: the entry the nearest proxy appended', () => {
    expect(clientIp(headers('198.51.100.1, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientIp(headers('198.51.100.1, 203.0.113.9, 10.0.0.2'), 2)).toBe('203.0.113.9');
    expect(clientIp(headers(), 1)).toBe('unknown');
  });
});
