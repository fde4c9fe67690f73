import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { sessions, staffPasskeys, users, verificationTokens } from '@/db/schema';
import { env } from '@/lib/env';
import { isRole, type Role } from './permissions';
import { pendingSecondFactor, type SecondFactorStep } from './passkeys/policy';

/**
 * A signed-in staff member, as every staff data function and action receives it.
 * `pendingSecondFactor` is set while the session has not yet passed its passkey step: such an
 * actor is refused by every permission check (assertPermission, requireStaff).
 */
export type StaffActor = { id: string; email: string; name: string | null; role: Role; pendingSecondFactor?: SecondFactorStep };

/** Signed out after 30 minutes without a request. */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** Signed out 8 hours after signing in, however active. */
export const SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60;
/** lastSeenAt is written at most this often, so reading a page rarely writes. */
const TOUCH_AFTER_SECONDS = 60;

/**
 * Auth.js's cookie names: with https (Secure cookies) the session cookie carries the
 * `__Secure-` prefix, so a plain-http or sibling-domain page cannot plant one.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

/**
 * What `sessions.session_token` holds: a SHA-256 of the cookie's token, so a copy of the
 * database (a backup, a read replica, a leaked dump) holds no usable session. The token is
 * random (Auth.js: a UUID), so no key or salt is needed.
 */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The staff member behind a session token, or null when the token is unknown, idle for more
 * than 30 minutes, older than 8 hours, past its expiry, or the account is disabled. A session
 * found stale is deleted on the spot. A live one has its idle clock reset.
 */
export async function staffFromSessionToken(db: Db, token: string | null | undefined, now = new Date()): Promise<StaffActor | null> {
  if (!token || token.length > 200) return null;
  const stored = hashSessionToken(token);
  const [row] = await db
    .select({
      sessionToken: sessions.sessionToken,
      expires: sessions.expires,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
      secondFactorAt: sessions.secondFactorAt,
      hasPasskey: sql<boolean>`exists (select 1 from ${staffPasskeys} where ${staffPasskeys.userId} = ${users.id})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.sessionToken, stored))
    .limit(1);
  if (!row) return null;

  const stale =
    row.expires.getTime() <= now.getTime() ||
    now.getTime() - row.createdAt.getTime() >= SESSION_ABSOLUTE_SECONDS * 1000 ||
    now.getTime() - row.lastSeenAt.getTime() >= SESSION_IDLE_SECONDS * 1000 ||
    row.disabledAt !== null ||
    !isRole(row.role);
  if (stale) {
    await db.delete(sessions).where(eq(sessions.sessionToken, stored));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_AFTER_SECONDS * 1000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.sessionToken, stored));
  }
  const actor: StaffActor = { id: row.id, email: row.email, name: row.name, role: row.role as Role };
  const pending = pendingSecondFactor({ role: actor.role, hasPasskey: row.hasPasskey, secondFactorAt: row.secondFactorAt, requiredRoles: env().PASSKEY_REQUIRED_ROLES });
  return pending ? { ...actor, pendingSecondFactor: pending } : actor;
}

/** Records that this session proved its second factor (a passkey or a recovery code). */
export async function markSessionSecondFactor(db: Db, token: string, now = new Date()): Promise<void> {
  await db.update(sessions).set({ secondFactorAt: now }).where(eq(sessions.sessionToken, hashSessionToken(token)));
}

/**
 * A new session row, as Auth.js writes one after a mailed link: for the first admin, whom the
 * setup link signs in directly (lib/setup). The caller sets the cookie.
 */
export async function createSession(db: Db, userId: string, now = new Date()): Promise<{ token: string; expires: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000);
  await db.insert(sessions).values({ sessionToken: hashSessionToken(token), userId, expires, createdAt: now, lastSeenAt: now });
  return { token, expires };
}

/** Deletes one session (sign-out); returns the user it belonged to, if any. */
export async function deleteSession(db: Db, token: string): Promise<string | null> {
  const [row] = await db.delete(sessions).where(eq(sessions.sessionToken, hashSessionToken(token))).returning({ userId: sessions.userId });
  return row?.userId ?? null;
}

/**
 * Removes sessions and sign-in tokens that can no longer be used (run by every instance's
 * outbox worker), so neither table grows with dead rows.
 */
export async function pruneSessions(db: Db, now = new Date()): Promise<void> {
  await db.delete(verificationTokens).where(lt(verificationTokens.expires, now));
  await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.expires, now),
        lt(sessions.createdAt, new Date(now.getTime() - SESSION_ABSOLUTE_SECONDS * 1000)),
        lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_SECONDS * 1000)),
      ),
    );
}
