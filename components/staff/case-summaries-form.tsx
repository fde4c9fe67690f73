'use client';

import { useTranslations } from 'next-intl';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Field } from '@/components/ui/field';
import { saveCaseSummariesAction } from '@/lib/actions/staff/save-case-summaries';
import type { CaseSummaries } from '@/lib/data/cases/summaries';
import { LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';
import { CASE_SUMMARY_MAX_CHARS, summaryField } from '@/lib/validation/case-summaries';
import { Button } from '@/components/ui/button';

const fieldIds = Object.fromEntries(LOCALES.map((l) => [summaryField(l), `case-${summaryField(l)}`]));

/**
 * The case's short explanation in each resident language, shown on the case page in that
 * language above the official Japanese text. Each is optional; `version` changes with what is
 * stored, so after a save the form shows the stored texts.
 */
export function CaseSummariesForm({ consultation, values, version }: { consultation: string; values: CaseSummaries; version: string }) {
  const t = useTranslations('caseAdmin');
  const message = useFieldMessage();
  return (
    <StaffForm name="case-summaries" action={saveCaseSummariesAction} version={version} fieldIds={fieldIds} noValidate>
      {(state) => {
        const errors = fieldErrorsOf(state);
        return (
          <>
            <input type="hidden" name="consultation" value={consultation} />
            <p className="hint">{t('summariesHint', { max: CASE_SUMMARY_MAX_CHARS })}</p>
            {LOCALES.map((locale) => {
              const name = summaryField(locale);
              const id = fieldIds[name]!;
              return (
                <Field key={locale} id={id} label={t('summaryLabel', { language: LOCALE_NAMES[locale] })} error={message(errors?.[name])}>
                  {(control) => <textarea {...control} name={name} lang={locale} rows={3} defaultValue={values[locale]} />}
                </Field>
              );
            })}
            <p>
              <Button type="submit">
                {t('summariesSave')}
              </Button>
            </p>
          </>
        );
      }}
    </StaffForm>
  );
}
