import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffSignIn');
  return { title: t('failedTitle'), robots: { index: false } };
}

export default async function SignInFailedPage() {
  const t = await getTranslations('staffSignIn');
  return (
    <>
      <h1>{t('failedTitle')}</h1>
      <p>{t('failedBody')}</p>
      <p>
        <Link href="/staff/sign-in">{t('requestAgain')}</Link>
      </p>
    </>
  );
}
