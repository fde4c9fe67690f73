'use server';

import { redirect } from 'next/navigation';
import { z } from '@/lib/validation/zod';
import { signIn } from '@/lib/auth/config';
import { appDb } from '@/lib/auth/request-context';
import { consumeSignInLimits } from '@/lib/auth/sign-in-limits';
import { requestIpHash } from '@/lib/auth/staff';
import { recordAudit } from '@/lib/data/audit';
import { findActiveStaffByEmail } from '@/lib/data/staff';
import { signInRequestSchema } from '@/lib/validation/staff';

export type SignInRequestState = { status: 'idle' | 'error'; formError?: string; fieldErrors?: { email?: string[] }; email?: string };

/**
 * Anyone may ask for a link; only active staff get one. Everyone else sees the same
 * "check your mail" page, as soon (the mail goes out after the reply, lib/auth/config.ts), so
 * the form does not tell who is staff.
 */
export async function requestSignIn(_previous: SignInRequestState, formData: FormData): Promise<SignInRequestState> {
  // Anyone can call an action with arguments of their choosing; only a form's fields are ours.
  const rawEmail = formData instanceof FormData ? String(formData.get('email') ?? '') : '';
  const parsed = signInRequestSchema.safeParse({ email: rawEmail });
  if (!parsed.success) {
    return { status: 'error', formError: 'staffCommon.fixErrors', fieldErrors: z.flattenError(parsed.error).fieldErrors, email: rawEmail };
  }
  const { email } = parsed.data;
  const db = await appDb();
  const ipHash = await requestIpHash();

  const limits = await consumeSignInLimits(db, email, ipHash);
  if (!limits.allowed) {
    await recordAudit(db, { actorId: null, action: 'auth.sign_in_rate_limited', ipHash });
    return { status: 'error', formError: 'staffSignIn.rateLimited', email: rawEmail };
  }

  const staff = await findActiveStaffByEmail(db, email);
  await recordAudit(db, {
    actorId: staff?.id ?? null,
    action: 'auth.sign_in_requested',
    targetType: staff ? 'user' : undefined,
    targetId: staff?.id,
    after: { registered: Boolean(staff) },
    ipHash,
  });
  if (staff) {
    try {
      await signIn('nodemailer', { email, redirect: false, redirectTo: '/staff' });
    } catch (error) {
      console.error('sign-in link request failed', error instanceof Error ? error.name : error);
      return { status: 'error', formError: 'staffSignIn.linkFailed', email: rawEmail };
    }
  }
  redirect('/staff/sign-in/check-mail');
}
