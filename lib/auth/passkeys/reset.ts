import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { sessions, staffPasskeys, staffRecoveryCodes, users, webauthnChallenges } from '@/db/schema';
import { recordAudit } from '@/lib/data/audit';
import { assertPermission, type StaffActor } from '../access';

export type PasskeyResetResult = { ok: true } | { ok: false; error: 'own' | 'notFound' };

/**
 * An admin removes another staff member's passkeys and recovery codes (a lost device), and
 * signs that person out everywhere: at the next sign-in they register a new passkey (or, if
 * their role need not, go on without one). Never one's own: someone who has only the mailed
 * link to an admin's address must not be able to drop that admin's passkey, so it takes a
 * second admin. Audited with how many keys and codes were removed.
 */
export async function resetStaffPasskeys(db: Db, actor: StaffActor, userId: string, ipHash: string | null): Promise<PasskeyResetResult> {
  assertPermission(actor, 'staff.manage');
  if (userId === actor.id) return { ok: false, error: 'own' };
  return db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update').limit(1);
    if (!target) return { ok: false, error: 'notFound' } as const;
    const passkeys = await tx.delete(staffPasskeys).where(eq(staffPasskeys.userId, userId)).returning({ id: staffPasskeys.id });
    const codes = await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, userId)).returning({ usedAt: staffRecoveryCodes.usedAt });
    await tx.delete(webauthnChallenges).where(eq(webauthnChallenges.userId, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: 'staff.passkeys_reset',
      targetType: 'user',
      targetId: userId,
      before: { passkeys: passkeys.length, unusedRecoveryCodes: codes.filter((c) => c.usedAt === null).length },
      ipHash,
    });
    return { ok: true } as const;
  });
}
