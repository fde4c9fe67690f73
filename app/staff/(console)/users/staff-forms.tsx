'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { ErrorSummary, FieldError } from '@/components/staff/form-errors';
import { addStaffAction } from '@/lib/actions/staff/add-staff';
import { changeStaffRoleAction } from '@/lib/actions/staff/change-staff-role';
import { resetStaffPasskeysAction } from '@/lib/actions/staff/reset-staff-passkeys';
import { setStaffDisabledAction } from '@/lib/actions/staff/set-staff-disabled';
import { IDLE, type ActionState } from '@/lib/auth/staff-action-state';

type RoleOption = { value: string; label: string };

function Outcome({ state }: { state: ActionState }) {
  const t = useTranslations();
  if (state.status === 'ok') return <p role="status">{t(state.message)}</p>;
  if (state.status === 'error' && !state.fieldErrors && state.formError) return <p role="alert">{t(state.formError)}</p>;
  return null;
}

export function AddStaffForm({ roles }: { roles: RoleOption[] }) {
  const t = useTranslations('staffUsers');
  const [state, action, pending] = useActionState(addStaffAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} noValidate>
      {state.status === 'error' && state.fieldErrors ? (
        <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ email: 'new-email', name: 'new-name', role: 'new-role' }} />
      ) : (
        <Outcome state={state} />
      )}
      <div className="field">
        <label htmlFor="new-email">{t('email')}</label>
        <FieldError id="new-email-error" messages={errors?.email} />
        <input id="new-email" name="email" type="email" required aria-invalid={errors?.email ? true : undefined} aria-describedby={errors?.email ? 'new-email-error' : undefined} />
      </div>
      <div className="field">
        <label htmlFor="new-name">{t('name')}</label>
        <FieldError id="new-name-error" messages={errors?.name} />
        <input id="new-name" name="name" type="text" maxLength={100} aria-invalid={errors?.name ? true : undefined} aria-describedby={errors?.name ? 'new-name-error' : undefined} />
      </div>
      <div className="field">
        <label htmlFor="new-role">{t('role')}</label>
        <FieldError id="new-role-error" messages={errors?.role} />
        <select id="new-role" name="role" defaultValue="reviewer">
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending}>
        {t('add')}
      </button>
    </form>
  );
}

export function ChangeRoleForm({ userId, email, role, roles }: { userId: string; email: string; role: string; roles: RoleOption[] }) {
  const t = useTranslations('staffUsers');
  const [state, action, pending] = useActionState(changeStaffRoleAction, IDLE);
  const id = `role-${userId}`;
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={id}>{t('roleFor', { email })}</label>
      <select id={id} name="role" defaultValue={role}>
        {roles.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending}>
        {t('changeRole')}
      </button>
      <Outcome state={state} />
    </form>
  );
}

export function SetDisabledForm({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const t = useTranslations('staffUsers');
  const [state, action, pending] = useActionState(setStaffDisabledAction, IDLE);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? 'false' : 'true'} />
      <button type="submit" disabled={pending} aria-label={`${disabled ? t('enable') : t('disable')}（${email}）`}>
        {disabled ? t('enable') : t('disable')}
      </button>
      <Outcome state={state} />
    </form>
  );
}

export function ResetPasskeysForm({ userId, email }: { userId: string; email: string }) {
  const t = useTranslations('staffPasskey');
  const [state, action, pending] = useActionState(resetStaffPasskeysAction, IDLE);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" disabled={pending} aria-label={t('resetLabel', { email })}>
        {t('resetButton')}
      </button>
      <Outcome state={state} />
    </form>
  );
}
