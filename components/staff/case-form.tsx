'use client';

import { useTranslations } from 'next-intl';
import { useRef } from 'react';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
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
  const message = useFieldMessage();
  const titleRef = useRef<HTMLInputElement>(null);
  const slugRef = useRef<HTMLInputElement>(null);

  const text = (errors: FieldErrors, name: (typeof TEXT_FIELDS)[number], options: { multiline?: boolean; hint?: string; readOnly?: boolean; type?: string; autoComplete?: string } = {}) => (
    <Field id={fieldIds[name]!} label={t(name)} hint={options.hint} hintAs="span" error={message(errors?.[name])}>
      {(control) =>
        options.multiline ? (
          <textarea {...control} name={name} defaultValue={values[name]} rows={name === 'overview' ? 8 : 3} />
        ) : (
          <input
            {...control}
            name={name}
            defaultValue={values[name]}
            ref={name === 'title' ? titleRef : name === 'slug' ? slugRef : undefined}
            type={options.type ?? 'text'}
            readOnly={options.readOnly}
            autoComplete={options.autoComplete ?? 'off'}
          />
        )
      }
    </Field>
  );

  const checkbox = (name: 'requireName' | 'requireAddress' | 'requireCategory' | 'requireEmail') => (
    <Checkbox id={`case-${name}`} name={name} label={t(name)} defaultChecked={values[name]} />
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
        const errors = fieldErrorsOf(state);
        return (
          <>
            {consultation && <input type="hidden" name="consultation" value={consultation} />}
            <fieldset>
              <legend>{t('sectionBasics')}</legend>
              {text(errors, 'title')}
              {text(errors, 'slug', { hint: t('slugHint'), readOnly: slugLocked })}
              {!slugLocked && (
                <p>
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => {
                      if (slugRef.current) slugRef.current.value = suggestSlug(titleRef.current?.value ?? '', new Date());
                    }}
                  >
                    {t('slugSuggest')}
                  </Button>
                </p>
              )}
              <Field
                id="case-departmentId"
                label={t('department')}
                hint={departments.length === 0 && (
                  <>
                    {t('departmentsNone')} <a href="/staff/users#departments">{t('departmentsNoneLink')}</a>
                  </>
                )}
                hintAs="span"
                error={message(errors?.departmentId)}
              >
                {(control) => (
                  <Select {...control} name="departmentId" defaultValue={values.departmentId}>
                    <option value="">{t('departmentChoose')}</option>
                    {departments.map((d) => (
                      <option key={d.id} value={String(d.id)}>
                        {d.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
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
            <Button type="submit">{consultation ? t('save') : t('create')}</Button>
          </>
        );
      }}
    </StaffForm>
  );
}
