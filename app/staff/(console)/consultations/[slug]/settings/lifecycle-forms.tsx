'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { CheckboxField, Field } from '@/components/ui/field';
import { closeCaseEarlyAction, extendCaseAction, openCaseNowAction, scheduleCaseAction } from '@/lib/actions/staff/change-case-period';
import { removeDocumentAction } from '@/lib/actions/staff/remove-document';
import { Button } from '@/components/ui/button';

/** What a lifecycle step's form needs besides its name and action (its fields are found by these ids in e2e/cases.spec.ts). */
function step(id: string) {
  return { testId: id, noValidate: true, fieldIds: { opensAt: `${id}-opensAt`, lastDay: `${id}-lastDay`, reason: `${id}-reason`, confirm: `${id}-confirm` } };
}

/** One confirmed lifecycle step: the case, its fields, a confirmation checkbox where asked, and its button. */
function StepBody({ consultation, submit, children }: { consultation: string; submit: string; children: ReactNode }) {
  return (
    <>
      <input type="hidden" name="consultation" value={consultation} />
      {children}
      <Button type="submit">{submit}</Button>
    </>
  );
}

function Confirm({ id, label, errors }: { id: string; label: string; errors?: string[] }) {
  const message = useFieldMessage();
  return (
    <CheckboxField id={id} label={label} error={message(errors)}>
      {(control) => <input {...control} type="checkbox" name="confirm" />}
    </CheckboxField>
  );
}

export function ScheduleForm({ consultation, opensAt, lastDay }: { consultation: string; opensAt: string; lastDay: string }) {
  const t = useTranslations('caseAdmin');
  const message = useFieldMessage();
  return (
    <StaffForm name="case-schedule" action={scheduleCaseAction} version={`${opensAt} ${lastDay}`} {...step('schedule')}>
      {(state) => (
        <StepBody consultation={consultation} submit={t('schedule')}>
          <Field id="schedule-opensAt" label={t('opensAt')} error={message(fieldErrorsOf(state)?.opensAt)}>
            {(control) => <input {...control} name="opensAt" type="datetime-local" defaultValue={opensAt} />}
          </Field>
          <Field id="schedule-lastDay" label={t('lastDay')} error={message(fieldErrorsOf(state)?.lastDay)}>
            {(control) => <input {...control} name="lastDay" type="date" defaultValue={lastDay} />}
          </Field>
        </StepBody>
      )}
    </StaffForm>
  );
}

export function OpenNowForm({ consultation }: { consultation: string }) {
  const t = useTranslations('caseAdmin');
  return (
    <StaffForm name="case-open-now" action={openCaseNowAction} {...step('open-now')}>
      {(state) => (
        <StepBody consultation={consultation} submit={t('openNow')}>
          <Confirm id="open-now-confirm" label={t('openNowConfirm')} errors={fieldErrorsOf(state)?.confirm} />
        </StepBody>
      )}
    </StaffForm>
  );
}

export function ExtendForm({ consultation, lastDay }: { consultation: string; lastDay: string }) {
  const t = useTranslations('caseAdmin');
  const message = useFieldMessage();
  return (
    <StaffForm name="case-extend" action={extendCaseAction} version={lastDay} {...step('extend')}>
      {(state) => (
        <StepBody consultation={consultation} submit={t('extend')}>
          <Field id="extend-lastDay" label={t('extendLastDay')} error={message(fieldErrorsOf(state)?.lastDay)}>
            {(control) => <input {...control} name="lastDay" type="date" defaultValue={lastDay} />}
          </Field>
          <Confirm id="extend-confirm" label={t('extendConfirm')} errors={fieldErrorsOf(state)?.confirm} />
        </StepBody>
      )}
    </StaffForm>
  );
}

export function CloseEarlyForm({ consultation }: { consultation: string }) {
  const t = useTranslations('caseAdmin');
  const message = useFieldMessage();
  return (
    <StaffForm name="case-close" action={closeCaseEarlyAction} {...step('close')}>
      {(state) => (
        <StepBody consultation={consultation} submit={t('close')}>
          <Field id="close-reason" label={t('closeReason')} error={message(fieldErrorsOf(state)?.reason)}>
            {(control) => <input {...control} name="reason" type="text" maxLength={500} />}
          </Field>
          <Confirm id="close-confirm" label={t('closeConfirm')} errors={fieldErrorsOf(state)?.confirm} />
        </StepBody>
      )}
    </StaffForm>
  );
}

export function RemoveDocumentForm({ consultation, document, name }: { consultation: string; document: number; name: string }) {
  const t = useTranslations();
  return (
    <StaffForm name="case-document-remove" action={removeDocumentAction} className="inline-form">
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="document" value={document} />
      <Button type="submit" variant="secondary">
        {t('caseAdmin.documentRemove', { name })}
      </Button>
    </StaffForm>
  );
}

/** Refuses a file over the limit before it is sent (the server checks again). */
export function DocumentFileInput({ limit, label, tooLarge, error }: { limit: number; label: string; tooLarge: string; error?: string }) {
  return (
    <Field id="document-file" label={label} error={error}>
      {(control) => (
        <input
          {...control}
          name="file"
          type="file"
          required
          accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,application/pdf"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.setCustomValidity(file && file.size > limit ? tooLarge : '');
            event.currentTarget.reportValidity();
          }}
        />
      )}
    </Field>
  );
}
