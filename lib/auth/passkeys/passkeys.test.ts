import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog, sessions, staffPasskeys, staffRecoveryCodes, webauthnChallenges } from '@/db/schema';
import { resetEnvForTests } from '@/lib/env';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { SoftAuthenticator } from '@/lib/testing/soft-authenticator';
import { createStaffWithSession } from '@/lib/testing/staff-with-session';
import { StaffAccessDenied, type StaffActor } from '../access';
import { markSessionSecondFactor, staffFromSessionToken } from '../session';
import { authenticationOptions, registrationOptions, verifyAuthentication, verifyRegistration } from './ceremonies';
import { relyingParty, type RelyingParty } from './relying-party';
import { resetStaffPasskeys } from './reset';
import { consumeChallenge, listPasskeys, redeemRecoveryCode, replaceRecoveryCodes, storeChallenge } from './store';

const rp: RelyingParty = { id: 'comment.city.example.jp', origin: 'https://comment.city.example.jp', name: 'test' };

describe('the relying party comes from the configured origin only', () => {
  it('takes the RP ID and origin from AUTH_URL / APP_URL', () => {
    expect(relyingParty('https://comment.city.example.jp/staff')).toEqual({ id: 'comment.city.example.jp', origin: 'https://comment.city.example.jp', name: '伊勢崎市 パブリックコメント' });
    expect(relyingParty('http://localhost:4201')).toMatchObject({ id: 'localhost', origin: 'http://localhost:4201' });
  });
  it('is unavailable without an origin, or with an IP address (not a valid RP ID)', () => {
    expect(relyingParty(undefined)).toBeNull();
    expect(relyingParty('http://127.0.0.1:3000')).toBeNull();
    expect(relyingParty('http://[::1]:3000')).toBeNull();
  });
});

describe.each(testDrivers())('passkeys and recovery codes on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await handle?.close();
  });
  afterEach(() => {
    delete process.env.PASSKEY_REQUIRED_ROLES;
    resetEnvForTests();
  });

  let counter = 0;
  async function staff(role: 'admin' | 'reviewer', secondFactor = false) {
    counter += 1;
    const email = `${role}-${counter}@example.jp`;
    const { userId, sessionToken } = await createStaffWithSession(handle.db, { email, role, secondFactor });
    const actor: StaffActor = { id: userId, email, name: null, role };
    return { actor, sessionToken };
  }

  async function enrol(actor: StaffActor, authenticator = new SoftAuthenticator(rp.origin)) {
    const options = await registrationOptions(handle.db, rp, actor);
    expect(await verifyRegistration(handle.db, rp, actor, authenticator.register(options))).toBe(true);
    return authenticator;
  }

  it('enrols a passkey: only the public key is stored, and the challenge works once', async () => {
    const { actor } = await staff('admin');
    const authenticator = new SoftAuthenticator(rp.origin);
    const options = await registrationOptions(handle.db, rp, actor);
    expect(options.rp.id).toBe(rp.id);
    expect(options.authenticatorSelection?.userVerification).toBe('required');
    const response = authenticator.register(options);
    expect(await verifyRegistration(handle.db, rp, actor, response)).toBe(true);
    const stored = await listPasskeys(handle.db, actor.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: authenticator.credentialId, userId: actor.id, transports: ['internal'] });
    // The same answer again: its challenge is gone.
    expect(await verifyRegistration(handle.db, rp, actor, response)).toBe(false);
    expect(await listPasskeys(handle.db, actor.id)).toHaveLength(1);
  });

  it('refuses a registration made for another site or with another user’s challenge', async () => {
    const { actor } = await staff('admin');
    const { actor: other } = await staff('admin');
    const phishing = new SoftAuthenticator('https://comment-city.example.com');
    expect(await verifyRegistration(handle.db, rp, actor, phishing.register(await registrationOptions(handle.db, rp, actor)))).toBe(false);
    const othersOptions = await registrationOptions(handle.db, rp, other);
    expect(await verifyRegistration(handle.db, rp, actor, new SoftAuthenticator(rp.origin).register(othersOptions))).toBe(false);
    expect(await verifyRegistration(handle.db, rp, actor, { id: 'x' } as never)).toBe(false);
    expect(await listPasskeys(handle.db, actor.id)).toHaveLength(0);
  });

  it('signs in with the enrolled passkey; the counter moves on', async () => {
    const { actor } = await staff('reviewer');
    const authenticator = await enrol(actor);
    const options = await authenticationOptions(handle.db, rp, actor);
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([authenticator.credentialId]);
    expect(await verifyAuthentication(handle.db, rp, actor, authenticator.authenticate(options))).toBe(true);
    const [row] = await listPasskeys(handle.db, actor.id);
    expect(row!.counter).toBe(2);
    expect(row!.lastUsedAt).not.toBeNull();
  });

  it('refuses a wrong key, another person’s key, another origin, a replayed or expired challenge', async () => {
    const { actor } = await staff('admin');
    const { actor: colleague } = await staff('admin');
    const mine = await enrol(actor);
    const theirs = await enrol(colleague);
    const check = async (response: (options: Awaited<ReturnType<typeof authenticationOptions>>) => ReturnType<SoftAuthenticator['authenticate']>) =>
      verifyAuthentication(handle.db, rp, actor, response(await authenticationOptions(handle.db, rp, actor)));

    expect(await check((o) => mine.impostor().authenticate(o)), 'same credential ID, another private key').toBe(false);
    expect(await check((o) => theirs.authenticate(o)), 'a colleague’s registered passkey').toBe(false);
    expect(await check((o) => new SoftAuthenticator(rp.origin).authenticate(o)), 'an unknown key').toBe(false);
    expect(await check((o) => mine.elsewhere('https://evil.example').authenticate(o)), 'answered for another origin').toBe(false);

    const options = await authenticationOptions(handle.db, rp, actor);
    const answer = mine.authenticate(options);
    expect(await verifyAuthentication(handle.db, rp, actor, answer)).toBe(true);
    expect(await verifyAuthentication(handle.db, rp, actor, answer), 'replayed').toBe(false);
    expect(await verifyAuthentication(handle.db, rp, actor, null as never)).toBe(false);
  });

  it('challenges live in the database, for one user and purpose, briefly, once', async () => {
    const { actor } = await staff('admin');
    const { actor: other } = await staff('admin');
    const now = new Date();
    await storeChallenge(handle.db, { challenge: 'c-1', userId: actor.id, purpose: 'authentication' }, now);
    expect(await consumeChallenge(handle.db, { challenge: 'c-1', userId: other.id, purpose: 'authentication' }, now)).toBe(false);
    expect(await consumeChallenge(handle.db, { challenge: 'c-1', userId: actor.id, purpose: 'registration' }, now)).toBe(false);
    expect(await consumeChallenge(handle.db, { challenge: 'c-1', userId: actor.id, purpose: 'authentication' }, now)).toBe(true);
    expect(await consumeChallenge(handle.db, { challenge: 'c-1', userId: actor.id, purpose: 'authentication' }, now)).toBe(false);

    await storeChallenge(handle.db, { challenge: 'c-2', userId: actor.id, purpose: 'authentication' }, now);
    expect(await consumeChallenge(handle.db, { challenge: 'c-2', userId: actor.id, purpose: 'authentication' }, new Date(now.getTime() + 5 * 60_000))).toBe(false);
    // Used or not, it is gone; and a new one sweeps out the expired.
    await storeChallenge(handle.db, { challenge: 'c-3', userId: actor.id, purpose: 'authentication' }, new Date(now.getTime() - 10 * 60_000));
    await storeChallenge(handle.db, { challenge: 'c-4', userId: actor.id, purpose: 'authentication' }, now);
    const left = await handle.db.select().from(webauthnChallenges).where(eq(webauthnChallenges.userId, actor.id));
    expect(left.map((c) => c.challenge)).toEqual(['c-4']);
  });

  it('recovery codes: stored hashed, each works once, only for its owner', async () => {
    const { actor } = await staff('admin');
    const { actor: other } = await staff('admin');
    const codes = await replaceRecoveryCodes(handle.db, actor.id);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const stored = await handle.db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, actor.id));
    expect(stored).toHaveLength(10);
    const storedText = JSON.stringify(stored);
    for (const code of codes) {
      expect(storedText).not.toContain(code);
      expect(storedText).not.toContain(code.replace(/-/g, ''));
    }

    expect(await redeemRecoveryCode(handle.db, other.id, codes[0]!)).toBe(false);
    expect(await redeemRecoveryCode(handle.db, actor.id, codes[0]!.toLowerCase().replace(/-/g, ' '))).toBe(true);
    expect(await redeemRecoveryCode(handle.db, actor.id, codes[0]!)).toBe(false);
    expect(await redeemRecoveryCode(handle.db, actor.id, 'AAAA-AAAA-AAAA-AAAA')).toBe(false);
    expect(await redeemRecoveryCode(handle.db, actor.id, '')).toBe(false);
    expect(await redeemRecoveryCode(handle.db, actor.id, codes[1]!)).toBe(true);

    // New codes replace the old ones, used or not.
    const fresh = await replaceRecoveryCodes(handle.db, actor.id);
    expect(await redeemRecoveryCode(handle.db, actor.id, codes[2]!)).toBe(false);
    expect(await redeemRecoveryCode(handle.db, actor.id, fresh[0]!)).toBe(true);
  });

  it('an admin resets another staff member’s passkeys: keys, codes and sessions go, audited', async () => {
    const { actor: admin } = await staff('admin', true);
    const { actor: reviewer, sessionToken } = await staff('reviewer', true);
    await enrol(reviewer);
    await replaceRecoveryCodes(handle.db, reviewer.id);
    expect(await resetStaffPasskeys(handle.db, admin, reviewer.id, 'ip-hash')).toEqual({ ok: true });
    expect(await listPasskeys(handle.db, reviewer.id)).toHaveLength(0);
    expect(await handle.db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, reviewer.id))).toHaveLength(0);
    expect(await handle.db.select().from(sessions).where(eq(sessions.sessionToken, sessionToken))).toHaveLength(0);
    const [audit] = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'staff.passkeys_reset'));
    expect(audit).toMatchObject({ actorId: admin.id, targetType: 'user', targetId: reviewer.id, before: { passkeys: 1, unusedRecoveryCodes: 10 }, ipHash: 'ip-hash' });
    expect(await resetStaffPasskeys(handle.db, admin, crypto.randomUUID(), null)).toEqual({ ok: false, error: 'notFound' });
  });

  it('an admin cannot reset their own passkeys alone; a reviewer or an unverified session cannot reset any', async () => {
    const { actor: admin } = await staff('admin', true);
    const { actor: otherAdmin } = await staff('admin', true);
    const { actor: reviewer } = await staff('reviewer', true);
    await enrol(admin);
    await enrol(otherAdmin);
    expect(await resetStaffPasskeys(handle.db, admin, admin.id, null)).toEqual({ ok: false, error: 'own' });
    expect(await listPasskeys(handle.db, admin.id)).toHaveLength(1);
    await expect(resetStaffPasskeys(handle.db, reviewer, admin.id, null)).rejects.toBeInstanceOf(StaffAccessDenied);
    await expect(resetStaffPasskeys(handle.db, { ...otherAdmin, pendingSecondFactor: 'verify' }, admin.id, null)).rejects.toMatchObject({ reason: 'second-factor' });
    expect(await listPasskeys(handle.db, admin.id)).toHaveLength(1);
    // The second admin can.
    expect(await resetStaffPasskeys(handle.db, otherAdmin, admin.id, null)).toEqual({ ok: true });
    expect(await listPasskeys(handle.db, admin.id)).toHaveLength(0);
  });

  it('a session owes its second factor as the setting and the passkeys say', async () => {
    const { actor: admin, sessionToken: adminSession } = await staff('admin');
    const { actor: reviewer, sessionToken: reviewerSession } = await staff('reviewer');
    // Default PASSKEY_REQUIRED_ROLES=admin: admins enrol, reviewers without a key need nothing.
    expect((await staffFromSessionToken(handle.db, adminSession))?.pendingSecondFactor).toBe('enrol');
    expect((await staffFromSessionToken(handle.db, reviewerSession))?.pendingSecondFactor).toBeUndefined();
    // Whoever has a passkey proves it, whatever the setting.
    await enrol(reviewer);
    expect((await staffFromSessionToken(handle.db, reviewerSession))?.pendingSecondFactor).toBe('verify');
    await markSessionSecondFactor(handle.db, reviewerSession);
    expect((await staffFromSessionToken(handle.db, reviewerSession))?.pendingSecondFactor).toBeUndefined();

    process.env.PASSKEY_REQUIRED_ROLES = 'admin,reviewer';
    resetEnvForTests();
    const { sessionToken: strictReviewer } = await staff('reviewer');
    expect((await staffFromSessionToken(handle.db, strictReviewer))?.pendingSecondFactor).toBe('enrol');

    process.env.PASSKEY_REQUIRED_ROLES = '';
    resetEnvForTests();
    expect((await staffFromSessionToken(handle.db, adminSession))?.pendingSecondFactor).toBeUndefined();
    expect(admin.id).toBeTruthy();
  });

  it('a passkey is removed with its account', async () => {
    const { actor } = await staff('reviewer');
    await enrol(actor);
    await handle.db.execute(`delete from users where id = '${actor.id}'`);
    expect(await handle.db.select().from(staffPasskeys).where(eq(staffPasskeys.userId, actor.id))).toHaveLength(0);
  });
});
