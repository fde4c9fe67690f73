'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { createFirstAdminAction, type FirstAdminState } from '@/lib/actions/auth/create-first-admin';
import { ErrorSummary, useFieldMessage } from '@/components/staff/form-errors';
import { Field } from '@/components/ui/field';
import { Button } from '@/components/ui/button';

export function SetupForm({ token }: { token: string }) {
  const t = useTranslations('staffSetup');
  const message = useFieldMessage();
  const [state, action, pending] = useActionState<FirstAdminState, FormData>(createFirstAdminAction, { status: 'idle' });
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate>
      <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ email: 'setup-email', name: 'setup-name' }} />
      <input type="hidden" name="token" value={token} />
      <Field id="setup-email" label={t('email')} error={message(errors.email)}>
        {(control) => <input {...control} name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} />}
      </Field>
      <Field id="setup-name" label={t('name')} error={message(errors.name)}>
        {(control) => <input {...control} name="name" type="text" autoComplete="name" defaultValue={state.values?.name} />}
      </Field>
      <Button type="submit" disabled={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
