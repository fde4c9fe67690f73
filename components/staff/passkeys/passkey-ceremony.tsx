'use client';

import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useSyncExternalStore } from 'react';
import { beginPasskeyCheck } from '@/lib/actions/passkeys/begin-passkey-check';
import { beginPasskeyRegistration } from '@/lib/actions/passkeys/begin-passkey-registration';
import { finishPasskeyCheck } from '@/lib/actions/passkeys/finish-passkey-check';
import { finishPasskeyRegistration } from '@/lib/actions/passkeys/finish-passkey-registration';
import { RecoveryCodeList } from './recovery-code-list';
import { Button } from '@/components/ui/button';

const noSubscription = () => () => {};

/**
 * The WebAuthn button: `verify` proves the passkey after the mailed link, `enrol` registers the
 * first one at sign-in, `add` registers another from the console. Needs JavaScript; without it
 * the button stays disabled and the page's <noscript> says why.
 */
export function PasskeyCeremony({ mode }: { mode: 'verify' | 'enrol' | 'add' }) {
  const t = useTranslations('staffPasskey');
  const tAll = useTranslations();
  const router = useRouter();
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function run() {
    setError(null);
    setDone(false);
    if (!browserSupportsWebAuthn()) return setError('staffPasskey.notSupported');
    setBusy(true);
    try {
      if (mode === 'verify') {
        const begun = await beginPasskeyCheck();
        if (begun.status === 'error') return setError(begun.error);
        const finished = await finishPasskeyCheck(await startAuthentication({ optionsJSON: begun.options }));
        if (finished.status === 'error') return setError(finished.error);
        return router.replace('/staff');
      }
      const begun = await beginPasskeyRegistration();
      if (begun.status === 'error') return setError(begun.error);
      const finished = await finishPasskeyRegistration(await startRegistration({ optionsJSON: begun.options }));
      if (finished.status === 'error') return setError(finished.error);
      if (finished.recoveryCodes) return setCodes(finished.recoveryCodes);
      if (mode === 'enrol') return router.replace('/staff');
      setDone(true);
      router.refresh();
    } catch {
      // The person cancelled, the device timed out, or it holds no matching passkey.
      setError('staffPasskey.cancelled');
    } finally {
      setBusy(false);
    }
  }

  if (codes) return <RecoveryCodeList codes={codes} />;
  return (
    <div className="passkey-ceremony">
      {error && (
        <p className="error-summary" role="alert">
          {tAll(error)}
        </p>
      )}
      <Button type="button" onClick={run} disabled={!hydrated || busy}>
        {mode === 'verify' ? t('verifyButton') : mode === 'enrol' ? t('enrolButton') : t('addButton')}
      </Button>
      <p role="status" className="hint">
        {busy ? t('working') : done ? t('added') : ''}
      </p>
    </div>
  );
}
