'use server';

import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { z } from '@/lib/validation/zod';
import { requestDb } from '@/lib/auth/request-context';
import { consumeSignInLimits } from '@/lib/auth/sign-in-limits';
import { issueSignInLink } from '@/lib/auth/sign-in-mail';
import { requestIpHash } from '@/lib/auth/require-staff';
import { recordAnonymousAudit } from '@/lib/data/audit';
import { signInRequestSchema } from '@/lib/validation/staff-accounts';

export type SignInRequestState = { status: 'idle' | 'error'; formError?: string; fieldErrors?: { email?: string[] }; email?: string };

/**
 * Anyone may ask for a link; only active staff get one. Every address gets the very same
 * response (status, headers, body, no cookies) at the same speed: whether the address belongs
 * to staff is looked up only after the reply, where the link is made and mailed
 * (issueSignInLink). A failure there is logged; the person asks again.
 */
export async function requestSignIn(_previous: SignInRequestState, formData: FormData): Promise<SignInRequestState> {
  // Anyone can call an action with arguments of their choosing; only a form's fields are ours.
  const rawEmail = formData instanceof FormData ? String(formData.get('email') ?? '') : '';
  const parsed = signInRequestSchema.safeParse({ email: rawEmail });
  if (!parsed.success) {
    return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: z.flattenError(parsed.error).fieldErrors, email: rawEmail };
  }
  const { email } = parsed.data;
  const db = await requestDb();
  const ipHash = await requestIpHash();

  const limits = await consumeSignInLimits(db, email, ipHash);
  if (!limits.allowed) {
    await recordAnonymousAudit(db, { actorId: null, action: 'auth.sign_in_rate_limited', ipHash });
    return { status: 'error', formError: 'staffSignIn.rateLimited', email: rawEmail };
  }
  after(() =>
    issueSignInLink(db, { email, ipHash }).catch((error: unknown) => {
      console.error('sign-in link request failed', error instanceof Error ? error.name : 'unknown error');
    }),
  );
  redirect('/staff/sign-in/check-mail');
}
