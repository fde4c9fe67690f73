'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { ErrorSummary, FieldError } from '@/components/staff/form-errors';
import { keepValues } from '@/components/staff/keep-values';
import { removeItemAction } from '@/lib/actions/staff/remove-item';
import { saveItemAction } from '@/lib/actions/staff/save-item';
import { IDLE } from '@/lib/auth/staff-action-state';

type ItemValues = { number?: number; page: string; heading: string; before: string; after: string };

/** Edits one item of a draft case, or adds one (no number). */
export function ItemForm({ consultation, values }: { consultation: string; values: ItemValues }) {
  const t = useTranslations('caseAdmin');
  const tAll = useTranslations();
  const [state, action, pending] = useActionState(saveItemAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : undefined;
  const prefix = values.number ? `item-${values.number}` : 'item-new';
  const field = (name: 'page' | 'heading' | 'before' | 'after', label: string, multiline = false) => {
    const id = `${prefix}-${name}`;
    const common = { id, name, defaultValue: values[name], 'aria-invalid': errors?.[name] ? true : undefined, 'aria-describedby': errors?.[name] ? `${id}-error` : undefined };
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <FieldError id={`${id}-error`} messages={errors?.[name]} />
        {multiline ? <textarea {...common} rows={5} /> : <input {...common} type={name === 'page' ? 'number' : 'text'} min={name === 'page' ? 1 : undefined} />}
      </div>
    );
  };
  return (
    <form action={action} onSubmit={keepValues(action)} noValidate data-testid={`${prefix}-form`}>
      <input type="hidden" name="consultation" value={consultation} />
      {values.number && <input type="hidden" name="number" value={values.number} />}
      {state.status === 'error' ? (
        <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ page: `${prefix}-page`, heading: `${prefix}-heading`, before: `${prefix}-before`, after: `${prefix}-after` }} />
      ) : state.status === 'ok' ? (
        <p role="status">{tAll(state.message)}</p>
      ) : null}
      {field('page', t('itemPage'))}
      {field('heading', t('itemHeading'))}
      {field('before', t('itemBefore'), true)}
      {field('after', t('itemAfter'), true)}
      <button type="submit" disabled={pending}>
        {values.number ? t('save') : t('addItem')}
      </button>
    </form>
  );
}

export function RemoveItemForm({ consultation, number }: { consultation: string; number: number }) {
  const t = useTranslations('caseAdmin');
  const tAll = useTranslations();
  const [state, action, pending] = useActionState(removeItemAction, IDLE);
  return (
    <form action={action} onSubmit={keepValues(action)} className="inline-form">
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="number" value={number} />
      <button type="submit" className="button-secondary" disabled={pending} aria-describedby="remove-item-note">
        {t('removeItem', { number })}
      </button>
      {state.status === 'error' && state.formError && <span role="alert">{tAll(state.formError)}</span>}
    </form>
  );
}
