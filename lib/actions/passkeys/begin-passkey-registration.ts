'use server';

import { registrationOptions } from '@/lib/auth/passkeys/ceremonies';
import { passkeySession } from '@/lib/auth/passkeys/session-step';
import { problemMessage, type PasskeyRegistrationOptions } from './passkey-action-result';

/**
 * Step 1 of registering a passkey: at the first sign-in of a role that must have one, or from
 * the console by someone already fully signed in. Never by a session that still owes its
 * passkey check.
 */
export async function beginPasskeyRegistration(): Promise<PasskeyRegistrationOptions> {
  const session = await passkeySession(['enrol', 'none']);
  if ('problem' in session) return { status: 'error', error: problemMessage(session.problem) };
  return { status: 'ok', options: await registrationOptions(session.db, session.rp, session.actor) };
}
