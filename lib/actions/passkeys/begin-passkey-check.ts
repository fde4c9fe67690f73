'use server';

import { authenticationOptions } from '@/lib/auth/passkeys/ceremonies';
import { passkeySession } from '@/lib/auth/passkeys/session-step';
import { problemMessage, type PasskeyCheckOptions } from './passkey-action-result';

/** Step 1 of proving a passkey after the mailed link: a fresh challenge for this user's keys. */
export async function beginPasskeyCheck(): Promise<PasskeyCheckOptions> {
  const session = await passkeySession(['verify']);
  if ('problem' in session) return { status: 'error', error: problemMessage(session.problem) };
  return { status: 'ok', options: await authenticationOptions(session.db, session.rp, session.actor) };
}
