'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { requestDb, getSessionToken, requestHeaders } from '@/lib/auth/request-context';
import { isSecureRequest } from '@/lib/security/https';
import { deleteSession, sessionCookieName } from '@/lib/auth/session';
import { requestIpHash } from '@/lib/auth/require-staff';
import { recordAudit } from '@/lib/data/audit';

/** Deletes the session row (so the cookie is worthless even if kept) and clears the cookie. */
export async function signOut(): Promise<void> {
  const token = await getSessionToken();
  if (token) {
    const db = await requestDb();
    const userId = await deleteSession(db, token);
    if (userId) await recordAudit(db, { actorId: userId, action: 'auth.signed_out', targetType: 'user', targetId: userId, ipHash: await requestIpHash() });
  }
  const secure = isSecureRequest(await requestHeaders());
  (await cookies()).set(sessionCookieName(secure), '', { maxAge: 0, path: '/', httpOnly: true, sameSite: 'lax', secure });
  redirect('/staff/sign-in?signedOut=1');
}
