'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { redeemRecoveryCodeAction, type RecoveryCodeState } from '@/lib/actions/passkeys/redeem-recovery-code';
import { FieldError } from '@/components/staff/form-errors';

/** A recovery code instead of the passkey; a plain form post, so it works without JavaScript. */
export function RecoveryCodeForm() {
  const t = useTranslations('staffPasskey');
  const [state, action, pending] = useActionState<RecoveryCodeState, FormData>(redeemRecoveryCodeAction, { status: 'idle' }, '/staff/sign-in/passkey');
  const error = state.status === 'error' ? state.error : undefined;
  return (
    <form action={action} noValidate>
      <div className="field">
        <label htmlFor="recovery-code">{t('recoveryLabel')}</label>
        <p className="hint" id="recovery-code-hint">
          {t('recoveryHint')}
        </p>
        <FieldError id="recovery-code-error" messages={error ? [error] : undefined} />
        <input
          id="recovery-code"
          name="code"
          type="text"
          autoComplete="one-time-code"
          spellCheck={false}
          autoCapitalize="characters"
          maxLength={40}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'recovery-code-error recovery-code-hint' : 'recovery-code-hint'}
        />
      </div>
      <button type="submit" disabled={pending}>
        {t('recoverySubmit')}
      </button>
    </form>
  );
}
