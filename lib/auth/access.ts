import 'server-only';
import { roleHasPermission, type Permission } from './permissions';
import type { StaffActor } from './session';

export type { StaffActor } from './session';

/**
 * Why a staff check failed: nobody signed in, signed in without the permission, or signed in
 * by mail link but not yet through the passkey step (`second-factor`).
 */
export type DenialReason = 'anonymous' | 'forbidden' | 'second-factor';

export class StaffAccessDenied extends Error {
  constructor(
    readonly reason: DenialReason,
    readonly permission: Permission,
  ) {
    super(`staff access denied (${reason}) for ${permission}`);
    this.name = 'StaffAccessDenied';
  }
}

/** Data functions receive the actor and check again, so no caller can skip the check. */
export function assertPermission(actor: StaffActor, permission: Permission): void {
  if (actor.pendingSecondFactor) throw new StaffAccessDenied('second-factor', permission);
  if (!roleHasPermission(actor.role, permission)) throw new StaffAccessDenied('forbidden', permission);
}
