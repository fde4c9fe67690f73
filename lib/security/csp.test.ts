import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce } from './csp';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('contentSecurityPolicy', () => {
  it('lets scripts run only with the nonce, and forbids plugins, <base> and framing', () => {
    const csp = contentSecurityPolicy('abc123', { dev: false, https: false });
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'base-uri')).toBe("base-uri 'none'");
    expect(directive(csp, 'form-action')).toBe("form-action 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it("allows eval only in development (React's debugging) and upgrades requests over https", () => {
    expect(directive(contentSecurityPolicy('n', { dev: true, https: false }), 'script-src')).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy('n', { dev: false, https: true }).split('; ')).toContain('upgrade-insecure-requests');
  });
});

describe('createNonce', () => {
  it('gives 128 random bits, base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
