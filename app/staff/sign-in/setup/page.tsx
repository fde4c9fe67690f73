import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requestDb } from '@/lib/auth/request-context';
import { isSetupTokenUsable } from '@/lib/setup/first-admin';
import { SetupForm } from './setup-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffSetup');
  return { title: t('title'), robots: { index: false }, referrer: 'no-referrer' };
}

/** The one-time link printed on the console of a new install (lib/setup). */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const t = await getTranslations('staffSetup');
  const { token } = await searchParams;
  const usable = typeof token === 'string' && (await isSetupTokenUsable(await requestDb(), token));
  return (
    <>
      <h1>{t('title')}</h1>
      {usable ? (
        <>
          <p className="lead">{t('lead')}</p>
          <StaffIntl>
            <SetupForm token={token} />
          </StaffIntl>
        </>
      ) : (
        <p className="notice" role="status">
          {t('invalidLink')}
        </p>
      )}
    </>
  );
}
