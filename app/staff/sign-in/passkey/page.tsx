import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { PasskeyCeremony } from '@/components/staff/passkeys/passkey-ceremony';
import { RecoveryCodeForm } from '@/components/staff/passkeys/recovery-code-form';
import { signOut } from '@/lib/actions/auth/sign-out';
import { relyingParty } from '@/lib/auth/passkeys/relying-party';
import { currentStaff } from '@/lib/auth/require-staff';
import { Button } from '@/components/ui/button';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffPasskey');
  return { title: t('verifyTitle'), robots: { index: false } };
}

/**
 * The second step of signing in, for a session opened by the mailed link that still owes its
 * passkey: prove it (or use a recovery code), or register the first one. Every staff page and
 * action refuses such a session and sends it here (lib/auth/require-staff.ts).
 */
export default async function PasskeyStepPage() {
  const actor = await currentStaff();
  if (!actor) redirect('/staff/sign-in');
  const step = actor.pendingSecondFactor;
  if (!step) redirect('/staff');
  const t = await getTranslations('staffPasskey');
  const configured = relyingParty() !== null;
  return (
    <>
      <h1>{step === 'verify' ? t('verifyTitle') : t('enrolTitle')}</h1>
      <p className="lead">{step === 'verify' ? t('verifyLead') : t('enrolLead')}</p>
      {configured ? (
        <>
          <noscript>
            <p className="notice">{t('noScript')}</p>
          </noscript>
          <StaffIntl>
            <PasskeyCeremony mode={step} />
          </StaffIntl>
        </>
      ) : (
        <p className="error-summary" role="alert">
          {t('problem.not-configured')}
        </p>
      )}
      {step === 'verify' && (
        <section aria-labelledby="recovery-heading">
          <h2 id="recovery-heading">{t('recoveryHeading')}</h2>
          <p>{t('recoveryLead')}</p>
          <StaffIntl>
            <RecoveryCodeForm />
          </StaffIntl>
        </section>
      )}
      <form action={signOut}>
        <Button type="submit" variant="secondary">
          {t('signInAgain')}
        </Button>
      </form>
    </>
  );
}
