import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { setupTokens, users } from '@/db/schema';
import { createSession } from '@/lib/auth/session';
import { recordAudit } from '@/lib/data/audit';

/** A setup link works for one hour; restarting the app prints a new one while no admin exists. */
export const SETUP_LINK_MAX_AGE_MS = 60 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Serialises "is there an admin yet? then create one" across connections and instances. */
const FIRST_ADMIN_LOCK = sql`select pg_advisory_xact_lock(7707001)`;

async function anyAdminExists(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  return Boolean(row);
}

/**
 * A new one-time setup token while the install has no admin account (none at all, enabled or
 * not), else null. Only its hash is stored; the caller shows the token once (on the console).
 */
export async function createSetupToken(db: Db, now = new Date()): Promise<string | null> {
  return db.transaction(async (tx) => {
    await tx.execute(FIRST_ADMIN_LOCK);
    if (await anyAdminExists(tx)) return null;
    // Spent and expired links are of no use to anyone.
    await tx.delete(setupTokens).where(or(lt(setupTokens.expiresAt, now), sql`${setupTokens.usedAt} is not null`));
    const token = randomBytes(32).toString('base64url');
    await tx.insert(setupTokens).values({ tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + SETUP_LINK_MAX_AGE_MS) });
    return token;
  });
}

/** Whether a setup link can still be used: known, unused, unexpired, and no admin yet. */
export async function isSetupTokenUsable(db: Db, token: string, now = new Date()): Promise<boolean> {
  if (!token || token.length > 100) return false;
  const [row] = await db
    .select({ hash: setupTokens.tokenHash })
    .from(setupTokens)
    .where(and(eq(setupTokens.tokenHash, hashToken(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)))
    .limit(1);
  return Boolean(row) && !(await anyAdminExists(db));
}

export type FirstAdminResult =
  | { ok: true; userId: string; session: { token: string; expires: Date } }
  | { ok: false; error: 'invalidLink' | 'adminExists' };

/**
 * Creates the first admin with a setup token, once: the token is spent in the same transaction
 * (row lock, then used_at), every other setup token is deleted, and the advisory lock means two
 * people racing with two links still get one admin. Refused as soon as any admin exists. The
 * new admin is signed in by a session made in the same transaction: there is no mail yet to
 * send a sign-in link through.
 */
export async function createFirstAdmin(
  db: Db,
  input: { token: string; email: string; name: string | null },
  ipHash: string | null,
  now = new Date(),
): Promise<FirstAdminResult> {
  return db.transaction(async (tx) => {
    await tx.execute(FIRST_ADMIN_LOCK);
    const [spent] = await queryRows<{ token_hash: string }>(
      tx,
      sql`update ${setupTokens} set used_at = ${now.toISOString()}::timestamptz
          where token_hash = ${hashToken(input.token)} and used_at is null and expires_at > ${now.toISOString()}::timestamptz
          returning token_hash`,
    );
    if (!spent) return { ok: false, error: 'invalidLink' } as const;
    if (await anyAdminExists(tx)) return { ok: false, error: 'adminExists' } as const;
    await tx.delete(setupTokens).where(sql`${setupTokens.usedAt} is null`);
    // An address already registered as a reviewer becomes the admin (there is no admin yet).
    const [user] = await tx
      .insert(users)
      .values({ email: input.email.toLowerCase(), name: input.name, role: 'admin' })
      .onConflictDoUpdate({ target: users.email, set: { role: 'admin', name: input.name, disabledAt: null } })
      .returning({ id: users.id });
    await recordAudit(tx, { actorId: user!.id, action: 'setup.first_admin_created', targetType: 'user', targetId: user!.id, after: { role: 'admin' }, ipHash });
    const session = await createSession(tx, user!.id, now);
    return { ok: true, userId: user!.id, session } as const;
  });
}
