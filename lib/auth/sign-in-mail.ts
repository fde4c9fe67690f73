import 'server-only';
import { keepInLocalOutbox, localOutboxEnabled } from '@/lib/email/local-outbox';
import { MailNotConfiguredError, sendMail } from '@/lib/email/transport';
import { env } from '@/lib/env';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { translateSignInMail } from '@/lib/i18n/translate';
import { redactForLog } from '@/lib/log/redact';
import { appDb } from './request-context';

/**
 * The link in the mail opens our confirmation page, not Auth.js's callback: mail scanners that
 * follow links see a page with a button and use nothing up. The button posts to the callback.
 */
export function confirmationUrl(callbackUrl: string, trustedOrigin = env().AUTH_URL ?? env().APP_URL): string {
  const callback = new URL(callbackUrl);
  // With AUTH_URL (or APP_URL) set, a forged Host header cannot point the link at another site.
  const confirm = new URL('/staff/sign-in/confirm', trustedOrigin ? new URL(trustedOrigin).origin : callback.origin);
  for (const key of ['token', 'email']) {
    const value = callback.searchParams.get(key);
    if (value) confirm.searchParams.set(key, value);
  }
  return confirm.toString();
}

export async function sendSignInLink(input: { to: string; callbackUrl: string; expires: Date }): Promise<void> {
  const t = translateSignInMail;
  const link = confirmationUrl(input.callbackUrl);
  const text = [t('intro'), '', link, '', t('expires', { time: formatJapaneseDateTime(input.expires) }), t('ignore')].join('\n');
  if (localOutboxEnabled()) {
    // No way to send mail: kept for an admin to read at /staff/local-outbox. On the embedded
    // database it is printed too, on the console of whoever started this install (the channel
    // its setup link came by, and the owner of its data directory), so that a lone admin whose
    // session ended can come back in. SECURITY.md, "A new install".
    await keepInLocalOutbox(await appDb(), 'sign_in_link', { to: input.to, subject: t('subject'), text });
    if (!env().DATABASE_URL) console.log(`local outbox (SMTP_URL is unset): a sign-in link was kept for /staff/local-outbox: ${link}`);
    return;
  }
  try {
    await sendMail({ to: input.to, subject: t('subject'), text });
  } catch (error) {
    if (error instanceof MailNotConfiguredError) {
      // Never the link itself in production: whoever reads the logs could sign in with it.
      console.warn('sign-in link not sent: mail is not configured (SMTP_URL is unset)');
      if (env().NODE_ENV === 'development') console.warn(`development only, sign-in link: ${link}`);
      return;
    }
    console.error('sign-in link could not be sent', error instanceof Error ? redactForLog(error.message) : 'unknown error');
    throw error;
  }
}
