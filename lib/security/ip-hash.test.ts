import { describe, expect, it } from 'vitest';
import { clientIp, hashIp } from './ip-hash';

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
  const headers = (xff?: string) => new Headers(xff ? { 'x-forwarded-for': xff } : {});
  it('believes the entry the nearest trusted proxy appended', () => {
    expect(clientIp(headers('198.51.100.1, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientIp(headers('198.51.100.1, 203.0.113.9, 10.0.0.2'), 2)).toBe('203.0.113.9');
  });
  it('falls back to unknown without the header', () => {
    expect(clientIp(headers(), 1)).toBe('unknown');
  });
});
