import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@/db/client';
import { verificationTokens } from '@/db/schema';
import { recordAnonymousAudit } from '@/lib/data/audit';
import { findActiveStaffByEmail } from '@/lib/data/staff-accounts';
import { keepInLocalOutbox, localOutboxEnabled } from '@/lib/email/local-outbox';
import { MailNotConfiguredError, sendMail } from '@/lib/email/transport';
import { env, publicOrigin } from '@/lib/env';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { translateSignInMail } from '@/lib/i18n/translate';
import { redactForLog } from '@/lib/log/redact';

/** A sign-in link works for 10 minutes, once (the adapter deletes the token when it is used). */
export const SIGN_IN_LINK_MAX_AGE_SECONDS = 10 * 60;

/**
 * The link in the mail opens our confirmation page, not Auth.js's callback: mail scanners that
 * follow links see a page with a button and use nothing up. The button posts to the callback.
 * The origin is the configured one (AUTH_URL / APP_URL), never a host named by the request.
 */
export function signInLinkUrl(email: string, token: string, origin = publicOrigin()): string {
  const confirm = new URL('/staff/sign-in/confirm', origin);
  confirm.searchParams.set('token', token);
  confirm.searchParams.set('email', email);
  return confirm.toString();
}

/** What `verification_tokens.token` holds: the hash Auth.js's e-mail callback computes from the link's token. */
export function verificationTokenHash(token: string, secret = env().AUTH_SECRET): string {
  return createHash('sha256').update(`${token}${secret}`).digest('hex');
}

/**
 * The work behind a sign-in request, run after the reply (lib/actions/auth/request-sign-in.ts),
 * so a registered address and an unknown one get the same response at the same speed: for
 * active staff a one-time token (stored hashed, as Auth.js's e-mail provider stores it, whose
 * callback then signs the person in) and the mail; for anyone else nothing but the audit row.
 *
 * Auth.js's own signIn() is not used for this: it sets cookies (CSRF, callback URL) on the
 * response for a registered address only, and must run before the reply.
 */
export async function issueSignInLink(db: Db, input: { email: string; ipHash: string; now?: Date }): Promise<void> {
  const staff = await findActiveStaffByEmail(db, input.email);
  await recordAnonymousAudit(db, {
    actorId: staff?.id ?? null,
    action: 'auth.sign_in_requested',
    targetType: staff ? 'user' : undefined,
    targetId: staff?.id,
    after: { registered: Boolean(staff) },
    ipHash: input.ipHash,
  });
  if (!staff) return;
  const token = randomBytes(32).toString('hex');
  const expires = new Date((input.now ?? new Date()).getTime() + SIGN_IN_LINK_MAX_AGE_SECONDS * 1000);
  await db.insert(verificationTokens).values({ identifier: input.email, token: verificationTokenHash(token), expires });
  await sendSignInLink(db, { to: input.email, link: signInLinkUrl(input.email, token), expires });
}

export async function sendSignInLink(db: Db, input: { to: string; link: string; expires: Date }): Promise<void> {
  const t = translateSignInMail;
  const text = [t('intro'), '', input.link, '', t('expires', { time: formatJapaneseDateTime(input.expires) }), t('ignore')].join('\n');
  if (localOutboxEnabled()) {
    // No way to send mail: kept for an admin to read at /staff/local-outbox. On the embedded
    // database it is printed too, on the console of whoever started this install (the channel
    // its setup link came by, and the owner of its data directory), so that a lone admin whose
    // session ended can come back in. SECURITY.md, "A new install".
    await keepInLocalOutbox(db, 'sign_in_link', { to: input.to, subject: t('subject'), text });
    if (!env().DATABASE_URL) console.log(`local outbox (SMTP_URL is unset): a sign-in link was kept for /staff/local-outbox: ${input.link}`);
    return;
  }
  try {
    await sendMail({ to: input.to, subject: t('subject'), text });
  } catch (error) {
    if (error instanceof MailNotConfiguredError) {
      // Never the link itself in production: whoever reads the logs could sign in with it.
      console.warn('sign-in link not sent: mail is not configured (SMTP_URL is unset)');
      if (env().NODE_ENV === 'development') console.warn(`development only, sign-in link: ${input.link}`);
      return;
    }
    console.error('sign-in link could not be sent', error instanceof Error ? redactForLog(error.message) : 'unknown error');
    throw error;
  }
}
