import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffSignIn');
  return { title: t('checkMailTitle'), robots: { index: false } };
}

export default async function CheckMailPage() {
  const t = await getTranslations('staffSignIn');
  return (
    <>
      <h1>{t('checkMailTitle')}</h1>
      <p>{t('checkMailBody')}</p>
      <p>
        <Link href="/staff/sign-in">{t('checkMailAgain')}</Link>
      </p>
    </>
  );
}
