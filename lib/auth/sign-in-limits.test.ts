import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { ANONYMOUS_AUDIT_LIMITS, recordAnonymousAudit } from '@/lib/data/audit';
import { resetEnvForTests } from '@/lib/env';
import { createTestDatabase } from '@/lib/testing/databases';
import { consumeSignInLimits } from './sign-in-limits';

process.env.IP_HASH_KEY ??= 'test-ip-hash-key-0123456789abcdefghijklmnop';
process.env.AUTH_SECRET ??= 'test-auth-secret-0123456789abcdefghijklmnop';
process.env.AUTH_SIGNIN_LIMIT_PER_ADDRESS = '5';
process.env.AUTH_SIGNIN_LIMIT_PER_IP = '20';
resetEnvForTests();

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase('pglite');
});
afterAll(async () => {
  await handle?.close();
});

describe('L2: sign-in link limits per requester', () => {
  it("someone else's requests for an admin's address never lock the admin out", async () => {
    const now = new Date('2026-03-01T09:00:00Z');
    const admin = 'admin@city.example.jp';
    const attacker = [];
    for (let i = 0; i < 10; i++) attacker.push((await consumeSignInLimits(handle.db, admin, 'attacker-ip', now)).allowed);
    // The attacker's own requests are limited (5 per address per requester)…
    expect(attacker).toEqual([true, true, true, true, true, false, false, false, false, false]);
    // …and the admin, from their own address, still gets a link.
    expect((await consumeSignInLimits(handle.db, admin, 'admin-ip', now)).allowed).toBe(true);
  });
});

describe('L1: what anonymous callers can write to the append-only audit log is bounded', () => {
  it('records up to the per-IP limit, then one suppression row, then nothing for that IP in the window', async () => {
    const count = async (action: string) => (await handle.db.select().from(auditLog).where(eq(auditLog.action, action))).length;
    for (let i = 0; i < ANONYMOUS_AUDIT_LIMITS.perIp + 50; i++) {
      await recordAnonymousAudit(handle.db, { actorId: null, action: 'auth.access_denied', targetType: 'permission', targetId: 'console.view', ipHash: 'flooding-ip' });
    }
    expect(await count('auth.access_denied')).toBe(ANONYMOUS_AUDIT_LIMITS.perIp);
    expect(await count('audit.anonymous_suppressed')).toBe(1);
    // Another caller is still recorded.
    await recordAnonymousAudit(handle.db, { actorId: null, action: 'auth.sign_in_failed', ipHash: 'other-ip' });
    expect(await count('auth.sign_in_failed')).toBe(1);
    expect((await handle.db.select().from(auditLog).where(like(auditLog.action, 'audit.%'))).map((r) => r.ipHash)).toEqual(['flooding-ip']);
  });
});
