'use server';

import { redirect } from 'next/navigation';
import { auditSecondFactorFailure, completeSecondFactor, passkeySession } from '@/lib/auth/passkeys/session-step';
import { redeemRecoveryCode } from '@/lib/auth/passkeys/store';
import { consumeRateLimit } from '@/lib/data/rate-limits';
import { problemMessage } from './passkey-action-result';

export type RecoveryCodeState = { status: 'idle' | 'error'; error?: string };

/** Ten guesses per account in 15 minutes (each guess also needs a fresh mailed link's session). */
const RECOVERY_LIMIT = { name: 'recovery-code', limit: 10, windowSeconds: 15 * 60 };

/**
 * A recovery code instead of the passkey (a lost device): each code works once. A plain form
 * post, so it works without JavaScript too.
 */
export async function redeemRecoveryCodeAction(_previous: RecoveryCodeState, formData: FormData): Promise<RecoveryCodeState> {
  const session = await passkeySession(['verify']);
  if ('problem' in session) return { status: 'error', error: problemMessage(session.problem) };
  const code = formData instanceof FormData ? String(formData.get('code') ?? '').slice(0, 100) : '';
  if (!code.trim()) return { status: 'error', error: 'staffPasskey.recoveryRequired' };
  const limit = await consumeRateLimit(session.db, RECOVERY_LIMIT, session.actor.id);
  if (!limit.allowed) return { status: 'error', error: 'staffPasskey.recoveryRateLimited' };
  if (!(await redeemRecoveryCode(session.db, session.actor.id, code))) {
    await auditSecondFactorFailure(session, 'recovery-code');
    return { status: 'error', error: 'staffPasskey.recoveryFailed' };
  }
  await completeSecondFactor(session, 'recovery-code');
  redirect('/staff');
}
