'use server';

import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { verifyAuthentication } from '@/lib/auth/passkeys/ceremonies';
import { auditSecondFactorFailure, completeSecondFactor, passkeySession } from '@/lib/auth/passkeys/session-step';
import { problemMessage, type PasskeyFinishResult } from './passkey-action-result';

/** Step 2: the browser's answer. A valid one from one of this user's passkeys opens the session. */
export async function finishPasskeyCheck(response: AuthenticationResponseJSON): Promise<PasskeyFinishResult> {
  const session = await passkeySession(['verify']);
  if ('problem' in session) return { status: 'error', error: problemMessage(session.problem) };
  if (!(await verifyAuthentication(session.db, session.rp, session.actor, response))) {
    await auditSecondFactorFailure(session, 'passkey');
    return { status: 'error', error: 'staffPasskey.checkFailed' };
  }
  await completeSecondFactor(session, 'passkey');
  return { status: 'ok' };
}
