'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { createFirstAdminAction, type FirstAdminState } from '@/lib/actions/auth/create-first-admin';
import { ErrorSummary, FieldError } from '@/components/staff/form-errors';

export function SetupForm({ token }: { token: string }) {
  const t = useTranslations('staffSetup');
  const [state, action, pending] = useActionState<FirstAdminState, FormData>(createFirstAdminAction, { status: 'idle' });
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate>
      <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ email: 'setup-email', name: 'setup-name' }} />
      <input type="hidden" name="token" value={token} />
      <div className="field">
        <label htmlFor="setup-email">{t('email')}</label>
        <FieldError id="setup-email-error" messages={errors.email} />
        <input
          id="setup-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.values?.email}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? 'setup-email-error' : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="setup-name">{t('name')}</label>
        <FieldError id="setup-name-error" messages={errors.name} />
        <input
          id="setup-name"
          name="name"
          type="text"
          autoComplete="name"
          defaultValue={state.values?.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? 'setup-name-error' : undefined}
        />
      </div>
      <button type="submit" disabled={pending}>
        {t('submit')}
      </button>
    </form>
  );
}
