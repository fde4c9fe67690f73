import type { Metadata } from 'next';
import { Button } from '@/components/ui/button';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffSignIn');
  return { title: t('confirmTitle'), robots: { index: false } };
}

/**
 * Where the mailed link leads. Opening it changes nothing (mail scanners open links); the
 * button posts to Auth.js's callback, which uses the token up and starts the session.
 */
export default async function ConfirmSignInPage({ searchParams }: { searchParams: Promise<{ token?: string; email?: string }> }) {
  const t = await getTranslations('staffSignIn');
  const { token, email } = await searchParams;
  if (typeof token !== 'string' || typeof email !== 'string' || !token || !email) {
    return (
      <>
        <h1>{t('confirmTitle')}</h1>
        <p>{t('confirmMissing')}</p>
        <p>
          <Link href="/staff/sign-in">{t('requestAgain')}</Link>
        </p>
      </>
    );
  }
  const callback = `/api/auth/callback/nodemailer?${new URLSearchParams({ callbackUrl: '/staff', token, email })}`;
  return (
    <>
      <h1>{t('confirmTitle')}</h1>
      <p>{t('confirmBody')}</p>
      <form method="post" action={callback}>
        <Button type="submit">{t('confirmButton')}</Button>
      </form>
    </>
  );
}
