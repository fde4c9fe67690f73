'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { requestSignIn, type SignInRequestState } from '@/lib/actions/auth/request-sign-in';
import { ErrorSummary, FieldError } from '@/components/staff/form-errors';
import { Button } from '@/components/ui/button';

export function SignInForm() {
  const t = useTranslations('staffSignIn');
  const [state, action, pending] = useActionState<SignInRequestState, FormData>(requestSignIn, { status: 'idle' }, '/staff/sign-in');
  const emailError = state.fieldErrors?.email;
  return (
    <form action={action} noValidate>
      <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ email: 'email' }} />
      <div className="field">
        <label htmlFor="email">{t('email')}</label>
        <FieldError id="email-error" messages={emailError} />
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? 'email-error' : undefined}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
