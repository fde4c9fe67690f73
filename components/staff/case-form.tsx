'use client';

import { useTranslations } from 'next-intl';
import { useRef } from 'react';
import { FieldError } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { createCaseAction } from '@/lib/actions/staff/create-case';
import { updateCaseAction } from '@/lib/actions/staff/update-case';
import { suggestSlug } from '@/lib/cases/slug-suggestion';

export type CaseFormValues = {
  title: string;
  slug: string;
  departmentId: string;
  overview: string;
  postalAddress: string;
  fax: string;
  email: string;
  counter: string;
  howToSubmit: string;
  contact: string;
  categories: string;
  requireName: boolean;
  requireAddress: boolean;
  requireCategory: boolean;
  requireEmail: boolean;
};

const TEXT_FIELDS = ['title', 'slug', 'overview', 'postalAddress', 'fax', 'email', 'counter', 'howToSubmit', 'contact', 'categories'] as const;
type FieldErrors = Record<string, string[] | undefined> | undefined;

const fieldIds: Record<string, string> = { ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, `case-${f}`])), departmentId: 'case-departmentId' };

/**
 * The case's settings: created as a draft at /staff/consultations/new, edited on its settings
 * page (`version`: the stored case's updatedAt, so the form is drawn anew from what is stored).
 */
export function CaseForm({
  values,
  departments,
  consultation,
  slugLocked,
  version,
}: {
  values: CaseFormValues;
  /** The departments this staff member may put the case in (admins: all; others: their own). */
  departments: { id: number; name: string }[];
  consultation?: string;
  slugLocked?: boolean;
  version?: string;
}) {
  const t = useTranslations('caseAdmin');
  const titleRef = useRef<HTMLInputElement>(null);
  const slugRef = useRef<HTMLInputElement>(null);

  const text = (errors: FieldErrors, name: (typeof TEXT_FIELDS)[number], options: { multiline?: boolean; hint?: string; readOnly?: boolean; type?: string; autoComplete?: string } = {}) => {
    const id = fieldIds[name]!;
    const describedBy = [errors?.[name] ? `${id}-error` : '', options.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
    const common = { id, name, defaultValue: values[name], 'aria-invalid': errors?.[name] ? true : undefined, 'aria-describedby': describedBy };
    return (
      <div className="field">
        <label htmlFor={id}>{t(name)}</label>
        {options.hint && (
          <span className="hint" id={`${id}-hint`}>
            {options.hint}
          </span>
        )}
        <FieldError id={`${id}-error`} messages={errors?.[name]} />
        {options.multiline ? (
          <textarea {...common} rows={name === 'overview' ? 8 : 3} />
        ) : (
          <input
            {...common}
            ref={name === 'title' ? titleRef : name === 'slug' ? slugRef : undefined}
            type={options.type ?? 'text'}
            readOnly={options.readOnly}
            autoComplete={options.autoComplete ?? 'off'}
          />
        )}
      </div>
    );
  };

  const checkbox = (name: 'requireName' | 'requireAddress' | 'requireCategory' | 'requireEmail') => (
    <div className="checkbox">
      <input type="checkbox" id={`case-${name}`} name={name} defaultChecked={values[name]} />
      <label htmlFor={`case-${name}`}>{t(name)}</label>
    </div>
  );

  return (
    <StaffForm
      name={consultation ? 'case-settings' : 'case-create'}
      action={consultation ? updateCaseAction : createCaseAction}
      version={version}
      noValidate
      testId="case-form"
      fieldIds={fieldIds}
    >
      {(state) => {
        const errors = state.status === 'error' ? state.fieldErrors : undefined;
        return (
          <>
            {consultation && <input type="hidden" name="consultation" value={consultation} />}
            <fieldset>
              <legend>{t('sectionBasics')}</legend>
              {text(errors, 'title')}
              {text(errors, 'slug', { hint: t('slugHint'), readOnly: slugLocked })}
              {!slugLocked && (
                <p>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => {
                      if (slugRef.current) slugRef.current.value = suggestSlug(titleRef.current?.value ?? '', new Date());
                    }}
                  >
                    {t('slugSuggest')}
                  </button>
                </p>
              )}
              <div className="field">
                <label htmlFor="case-departmentId">{t('department')}</label>
                {departments.length === 0 && (
                  <span className="hint" id="case-departmentId-hint">
                    {t('departmentsNone')} <a href="/staff/users#departments">{t('departmentsNoneLink')}</a>
                  </span>
                )}
                <FieldError id="case-departmentId-error" messages={errors?.departmentId} />
                <select
                  id="case-departmentId"
                  name="departmentId"
                  defaultValue={values.departmentId}
                  aria-invalid={errors?.departmentId ? true : undefined}
                  aria-describedby={[errors?.departmentId ? 'case-departmentId-error' : '', departments.length === 0 ? 'case-departmentId-hint' : ''].filter(Boolean).join(' ') || undefined}
                >
                  <option value="">{t('departmentChoose')}</option>
                  {departments.map((d) => (
                    <option key={d.id} value={String(d.id)}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </div>
              {text(errors, 'overview', { multiline: true, hint: t('overviewHint') })}
            </fieldset>
            <fieldset>
              <legend>{t('sectionChannels')}</legend>
              <p className="hint">{t('channelsHint')}</p>
              {text(errors, 'postalAddress', { multiline: true })}
              {text(errors, 'fax', { type: 'tel' })}
              {text(errors, 'email', { type: 'email' })}
              {text(errors, 'counter', { multiline: true })}
              {text(errors, 'howToSubmit', { multiline: true })}
              {text(errors, 'contact', { multiline: true })}
            </fieldset>
            <fieldset>
              <legend>{t('sectionForm')}</legend>
              {text(errors, 'categories', { multiline: true })}
              <fieldset>
                <legend>{t('required')}</legend>
                {checkbox('requireName')}
                {checkbox('requireAddress')}
                {checkbox('requireCategory')}
                {checkbox('requireEmail')}
              </fieldset>
            </fieldset>
            <button type="submit">{consultation ? t('save') : t('create')}</button>
          </>
        );
      }}
    </StaffForm>
  );
}
