'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { redeemRecoveryCodeAction, type RecoveryCodeState } from '@/lib/actions/passkeys/redeem-recovery-code';
import { useFieldMessage } from '@/components/staff/form-errors';
import { Field } from '@/components/ui/field';
import { Button } from '@/components/ui/button';

/** A recovery code instead of the passkey; a plain form post, so it works without JavaScript. */
export function RecoveryCodeForm() {
  const t = useTranslations('staffPasskey');
  const message = useFieldMessage();
  const [state, action, pending] = useActionState<RecoveryCodeState, FormData>(redeemRecoveryCodeAction, { status: 'idle' }, '/staff/sign-in/passkey');
  const error = state.status === 'error' ? state.error : undefined;
  return (
    <form action={action} noValidate>
      <Field id="recovery-code" label={t('recoveryLabel')} hint={t('recoveryHint')} error={message(error ? [error] : undefined)}>
        {(control) => <input {...control} name="code" type="text" autoComplete="one-time-code" spellCheck={false} autoCapitalize="characters" maxLength={40} required />}
      </Field>
      <Button type="submit" disabled={pending}>
        {t('recoverySubmit')}
      </Button>
    </form>
  );
}
