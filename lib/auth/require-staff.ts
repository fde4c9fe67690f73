import 'server-only';
import { forbidden, notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { recordAnonymousAudit, recordAudit } from '@/lib/data/audit';
import { findCaseInScope } from '@/lib/data/departments/scope';
import { clientIp, hashIp } from '@/lib/security/ip-hash';
import { roleHasPermission, type Permission } from './permissions';
import { requestDb, getSessionToken, requestHeaders } from './request-context';
import { StaffAccessDenied, type DenialReason } from './access';
import { staffFromSessionToken, type StaffActor } from './session';

export { assertPermission, StaffAccessDenied } from './access';

/** Where a session that still owes its passkey step is sent (part of signing in). */
export const PASSKEY_STEP_PATH = '/staff/sign-in/passkey';
export type { StaffActor } from './session';

/** The signed-in staff member of this request, looked up once per request. */
export const currentStaff = cache(async (): Promise<StaffActor | null> => {
  return staffFromSessionToken(await requestDb(), await getSessionToken());
});

export async function requestIpHash(): Promise<string> {
  return hashIp(clientIp(await requestHeaders()));
}

/**
 * One audit row per denial and request, though the layout and the page both check. Denials of
 * callers nobody signed in are bounded per IP and in all (recordAnonymousAudit).
 */
const auditDenial = cache(async (actorId: string | null, permission: Permission, reason: DenialReason): Promise<void> => {
  const event = { actorId, action: 'auth.access_denied', targetType: 'permission', targetId: permission, after: { reason }, ipHash: await requestIpHash() };
  await (actorId ? recordAudit(await requestDb(), event) : recordAnonymousAudit(await requestDb(), event));
});

/**
 * The one check: every staff page, data read and action calls this first. Returns the actor
 * when the session is live and its role holds `permission`; otherwise records the denial in
 * the audit log and throws StaffAccessDenied.
 */
export async function requireStaff(permission: Permission): Promise<StaffActor> {
  const actor = await currentStaff();
  if (actor && !actor.pendingSecondFactor && roleHasPermission(actor.role, permission)) return actor;
  const reason = !actor ? 'anonymous' : actor.pendingSecondFactor ? 'second-factor' : 'forbidden';
  await auditDenial(actor?.id ?? null, permission, reason);
  throw new StaffAccessDenied(reason, permission);
}

/**
 * For pages: anonymous callers go to the sign-in page, a session that still owes its passkey
 * step goes to that step, the wrong role gets 403.
 */
export async function requireStaffPage(permission: Permission): Promise<StaffActor> {
  try {
    return await requireStaff(permission);
  } catch (error) {
    if (error instanceof StaffAccessDenied) {
      if (error.reason === 'anonymous') redirect('/staff/sign-in');
      if (error.reason === 'second-factor') redirect(PASSKEY_STEP_PATH);
      forbidden();
    }
    throw error;
  }
}

/**
 * For the staff pages of one case: a case the signed-in staff member may not see (another
 * department's) answers 404 exactly like a case that does not exist, before the page's own
 * permission is asked; only then does a role without `permission` get 403 (a reviewer on the
 * admins' retention page of their own department's case). So no answer tells whether a case
 * exists outside the caller's departments; the audit log does (`auth.access_denied`, target
 * the case, reason `department`).
 */
export async function requireStaffCasePage(permission: Permission, slug: string): Promise<StaffActor> {
  const actor = await requireStaffPage('console.view');
  if ((await findCaseInScope(await requestDb(), actor, slug, { auditDenial: { ipHash: await requestIpHash() } })) === null) notFound();
  return requireStaffPage(permission);
}
