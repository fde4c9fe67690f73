'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from '@/lib/validation/zod';
import { requestDb, requestHeaders } from '@/lib/auth/request-context';
import { sessionCookieName } from '@/lib/auth/session';
import { requestIpHash } from '@/lib/auth/require-staff';
import { isSecureRequest } from '@/lib/security/https';
import { createFirstAdmin } from '@/lib/setup/first-admin';
import { firstAdminSchema } from '@/lib/validation/staff-accounts';

export type FirstAdminState = {
  status: 'idle' | 'error';
  formError?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: { email: string; name: string };
};

/**
 * The setup link's form: no session exists yet, so the link's token is the credential. On
 * success the new admin is signed in (the session cookie is set here) and taken to the console.
 */
export async function createFirstAdminAction(_previous: FirstAdminState, formData: FormData): Promise<FirstAdminState> {
  const field = (name: string) => (formData instanceof FormData ? String(formData.get(name) ?? '') : '');
  const values = { email: field('email'), name: field('name') };
  const parsed = firstAdminSchema.safeParse({ ...values, token: field('token') });
  if (!parsed.success) {
    return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  }
  const result = await createFirstAdmin(await requestDb(), parsed.data, await requestIpHash());
  if (!result.ok) return { status: 'error', formError: result.error === 'adminExists' ? 'staffSetup.adminExists' : 'staffSetup.invalidLink', values };
  const secure = isSecureRequest(await requestHeaders());
  (await cookies()).set(sessionCookieName(secure), result.session.token, { expires: result.session.expires, path: '/', httpOnly: true, sameSite: 'lax', secure });
  redirect('/staff');
}
