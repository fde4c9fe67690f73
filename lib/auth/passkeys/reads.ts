import 'server-only';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staffPasskeys, staffRecoveryCodes } from '@/db/schema';
import { assertPermission, type StaffActor } from '../access';
import { listPasskeys } from './store';

export type OwnPasskeys = {
  passkeys: { createdAt: Date; lastUsedAt: Date | null; synced: boolean }[];
  unusedRecoveryCodes: number;
};

/** The signed-in person's own passkeys (never the keys themselves) and unused recovery codes. */
export async function listOwnPasskeys(db: Db, actor: StaffActor): Promise<OwnPasskeys> {
  assertPermission(actor, 'console.view');
  const passkeys = await listPasskeys(db, actor.id);
  const [codes] = await db
    .select({ n: count() })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.userId, actor.id), isNull(staffRecoveryCodes.usedAt)));
  return {
    passkeys: passkeys.map((p) => ({ createdAt: p.createdAt, lastUsedAt: p.lastUsedAt, synced: p.backedUp })),
    unusedRecoveryCodes: Number(codes?.n ?? 0),
  };
}

/** How many passkeys each staff member has, for the staff list (admins). */
export async function countPasskeysByStaff(db: Db, actor: StaffActor): Promise<Map<string, number>> {
  assertPermission(actor, 'staff.manage');
  const rows = await db.select({ userId: staffPasskeys.userId, n: count() }).from(staffPasskeys).groupBy(staffPasskeys.userId);
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}
