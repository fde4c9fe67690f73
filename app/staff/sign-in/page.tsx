import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { SignInForm } from './sign-in-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffSignIn');
  return { title: t('title'), robots: { index: false } };
}

export default async function StaffSignInPage({ searchParams }: { searchParams: Promise<{ signedOut?: string }> }) {
  const t = await getTranslations('staffSignIn');
  const { signedOut } = await searchParams;
  return (
    <>
      <h1>{t('title')}</h1>
      {signedOut && (
        <p className="notice" role="status">
          {t('signedOut')}
        </p>
      )}
      <p className="lead">{t('lead')}</p>
      <StaffIntl>
        <SignInForm />
      </StaffIntl>
    </>
  );
}
