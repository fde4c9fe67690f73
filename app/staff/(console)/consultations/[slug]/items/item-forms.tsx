'use client';

import { useTranslations } from 'next-intl';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Field } from '@/components/ui/field';
import { removeItemAction } from '@/lib/actions/staff/remove-item';
import { saveItemAction } from '@/lib/actions/staff/save-item';
import type { ActionState } from '@/lib/auth/staff-action-state';
import { Button } from '@/components/ui/button';

type ItemValues = { number?: number; page: string; heading: string; before: string; after: string };

/** Edits one item of a draft case, or adds one (no number). */
export function ItemForm({ consultation, values }: { consultation: string; values: ItemValues }) {
  const t = useTranslations('caseAdmin');
  const message = useFieldMessage();
  const prefix = values.number ? `item-${values.number}` : 'item-new';
  const field = (state: ActionState, name: 'page' | 'heading' | 'before' | 'after', label: string, multiline = false) => (
    <Field id={`${prefix}-${name}`} label={label} error={message(fieldErrorsOf(state)?.[name])}>
      {(control) =>
        multiline ? (
          <textarea {...control} name={name} defaultValue={values[name]} rows={5} />
        ) : (
          <input {...control} name={name} defaultValue={values[name]} type={name === 'page' ? 'number' : 'text'} min={name === 'page' ? 1 : undefined} />
        )
      }
    </Field>
  );
  return (
    <StaffForm
      name="case-item"
      action={saveItemAction}
      version={JSON.stringify(values)}
      noValidate
      testId={`${prefix}-form`}
      fieldIds={{ page: `${prefix}-page`, heading: `${prefix}-heading`, before: `${prefix}-before`, after: `${prefix}-after` }}
    >
      {(state) => (
        <>
          <input type="hidden" name="consultation" value={consultation} />
          {values.number && <input type="hidden" name="number" value={values.number} />}
          {field(state, 'page', t('itemPage'))}
          {field(state, 'heading', t('itemHeading'))}
          {field(state, 'before', t('itemBefore'), true)}
          {field(state, 'after', t('itemAfter'), true)}
          <Button type="submit">{values.number ? t('save') : t('addItem')}</Button>
        </>
      )}
    </StaffForm>
  );
}

export function RemoveItemForm({ consultation, number }: { consultation: string; number: number }) {
  const t = useTranslations('caseAdmin');
  return (
    <StaffForm name="case-item-remove" action={removeItemAction} className="inline-form">
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="number" value={number} />
      <Button type="submit" variant="secondary" aria-describedby="remove-item-note">
        {t('removeItem', { number })}
      </Button>
    </StaffForm>
  );
}
