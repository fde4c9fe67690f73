import { roleHasPermission, type Permission } from './permissions';
import type { StaffActor } from './session';

export type { StaffActor } from './session';

/** Why a staff check failed: nobody signed in, or signed in without the permission. */
export class StaffAccessDenied extends Error {
  constructor(
    readonly reason: 'anonymous' | 'forbidden',
    readonly permission: Permission,
  ) {
    super(`staff access denied (${reason}) for ${permission}`);
    this.name = 'StaffAccessDenied';
  }
}

/** Data functions receive the actor and check again, so no caller can skip the check. */
export function assertPermission(actor: StaffActor, permission: Permission): void {
  if (!roleHasPermission(actor.role, permission)) throw new StaffAccessDenied('forbidden', permission);
}
