'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { requestSignIn, type SignInRequestState } from '@/lib/actions/auth/request-sign-in';
import { ErrorSummary, useFieldMessage } from '@/components/staff/form-errors';
import { Field } from '@/components/ui/field';
import { Button } from '@/components/ui/button';

export function SignInForm() {
  const t = useTranslations('staffSignIn');
  const message = useFieldMessage();
  const [state, action, pending] = useActionState<SignInRequestState, FormData>(requestSignIn, { status: 'idle' }, '/staff/sign-in');
  const emailError = state.fieldErrors?.email;
  return (
    <form action={action} noValidate>
      <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ email: 'email' }} />
      <Field id="email" label={t('email')} error={message(emailError)}>
        {(control) => <input {...control} name="email" type="email" autoComplete="email" required defaultValue={state.email} />}
      </Field>
      <Button type="submit" disabled={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
