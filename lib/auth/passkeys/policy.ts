import 'server-only';
import type { Role } from '../permissions';

/**
 * What a signed-in session still owes before it may be used: `verify` (the person has a passkey
 * and has not proved it in this session) or `enrol` (their role must have a passkey and they
 * have none yet). Who has a passkey proves it whatever the setting says, so registering one
 * can only make an account safer.
 */
export type SecondFactorStep = 'verify' | 'enrol';

export function pendingSecondFactor(input: {
  role: Role;
  hasPasskey: boolean;
  secondFactorAt: Date | null;
  requiredRoles: readonly Role[];
}): SecondFactorStep | null {
  if (input.secondFactorAt) return null;
  if (input.hasPasskey) return 'verify';
  return input.requiredRoles.includes(input.role) ? 'enrol' : null;
}
