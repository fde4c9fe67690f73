'use server';

import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { verifyRegistration } from '@/lib/auth/passkeys/ceremonies';
import { auditSecondFactorFailure, completeSecondFactor, passkeySession } from '@/lib/auth/passkeys/session-step';
import { listPasskeys, replaceRecoveryCodes } from '@/lib/auth/passkeys/store';
import { recordAudit } from '@/lib/data/audit';
import { problemMessage, type PasskeyFinishResult } from './passkey-action-result';

/**
 * Step 2: stores the new passkey. With the first passkey come the recovery codes, returned
 * this once (only their hashes are kept). Registering at the sign-in step also completes it:
 * creating the key took the device's user verification.
 */
export async function finishPasskeyRegistration(response: RegistrationResponseJSON): Promise<PasskeyFinishResult> {
  const session = await passkeySession(['enrol', 'none']);
  if ('problem' in session) return { status: 'error', error: problemMessage(session.problem) };
  if (!(await verifyRegistration(session.db, session.rp, session.actor, response))) {
    await auditSecondFactorFailure(session, 'enrolment');
    return { status: 'error', error: 'staffPasskey.registrationFailed' };
  }
  const passkeys = await listPasskeys(session.db, session.actor.id);
  await recordAudit(session.db, { actorId: session.actor.id, action: 'auth.passkey_registered', targetType: 'user', targetId: session.actor.id, after: { passkeys: passkeys.length }, ipHash: session.ipHash });
  const recoveryCodes = passkeys.length === 1 ? await replaceRecoveryCodes(session.db, session.actor.id) : undefined;
  await completeSecondFactor(session, 'enrolment');
  return { status: 'ok', recoveryCodes };
}
