import 'server-only';
import type { Db } from '@/db/client';
import { recordAudit } from '@/lib/data/audit';
import { requestDb, getSessionToken } from '../request-context';
import { markSessionSecondFactor, type StaffActor } from '../session';
import { currentStaff, requestIpHash } from '../require-staff';
import type { SecondFactorStep } from './policy';
import { relyingParty, type RelyingParty } from './relying-party';

export type PasskeySession = { db: Db; actor: StaffActor; token: string; rp: RelyingParty; ipHash: string };
export type PasskeySessionProblem = 'anonymous' | 'not-allowed' | 'not-configured';

/**
 * The session behind a passkey action, if it is at one of the `allowed` steps (`none`: a session
 * that owes nothing, adding a passkey from the console). A session that must still prove its
 * passkey may not register another one: the mailed link alone must not be enough to add a key.
 */
export async function passkeySession(allowed: readonly (SecondFactorStep | 'none')[]): Promise<PasskeySession | { problem: PasskeySessionProblem }> {
  const [actor, token] = [await currentStaff(), await getSessionToken()];
  if (!actor || !token) return { problem: 'anonymous' };
  if (!allowed.includes(actor.pendingSecondFactor ?? 'none')) return { problem: 'not-allowed' };
  const rp = relyingParty();
  if (!rp) return { problem: 'not-configured' };
  return { db: await requestDb(), actor, token, rp, ipHash: await requestIpHash() };
}

/** The session has passed its second factor: it may be used from now on. Audited. */
export async function completeSecondFactor(session: Pick<PasskeySession, 'db' | 'actor' | 'token' | 'ipHash'>, method: 'passkey' | 'recovery-code' | 'enrolment'): Promise<void> {
  await markSessionSecondFactor(session.db, session.token);
  await recordAudit(session.db, { actorId: session.actor.id, action: 'auth.second_factor_passed', targetType: 'user', targetId: session.actor.id, after: { method }, ipHash: session.ipHash });
}

export async function auditSecondFactorFailure(session: Pick<PasskeySession, 'db' | 'actor' | 'ipHash'>, method: 'passkey' | 'recovery-code' | 'enrolment'): Promise<void> {
  await recordAudit(session.db, { actorId: session.actor.id, action: 'auth.second_factor_failed', targetType: 'user', targetId: session.actor.id, after: { method }, ipHash: session.ipHash });
}
