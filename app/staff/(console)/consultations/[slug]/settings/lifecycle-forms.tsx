'use client';

import { useTranslations } from 'next-intl';
import { useActionState, type ReactNode } from 'react';
import { ErrorSummary, FieldError } from '@/components/staff/form-errors';
import { keepValues } from '@/components/staff/keep-values';
import { closeCaseEarlyAction, extendCaseAction, openCaseNowAction, scheduleCaseAction } from '@/lib/actions/staff/change-case-period';
import { removeDocumentAction } from '@/lib/actions/staff/remove-document';
import { IDLE, type ActionState } from '@/lib/auth/staff-action-state';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** One confirmed lifecycle step: its fields, a confirmation checkbox where asked, and its outcome. */
function StepForm({ id, action, consultation, submit, children }: { id: string; action: Action; consultation: string; submit: string; children: (errors?: Record<string, string[] | undefined>) => ReactNode }) {
  const t = useTranslations();
  const [state, dispatch, pending] = useActionState(action, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={dispatch} onSubmit={keepValues(dispatch)} noValidate data-testid={id}>
      <input type="hidden" name="consultation" value={consultation} />
      {state.status === 'error' ? (
        <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ opensAt: `${id}-opensAt`, lastDay: `${id}-lastDay`, reason: `${id}-reason`, confirm: `${id}-confirm` }} />
      ) : state.status === 'ok' ? (
        <p role="status">{t(state.message)}</p>
      ) : null}
      {children(errors)}
      <button type="submit" disabled={pending}>
        {submit}
      </button>
    </form>
  );
}

function Field({ id, label, errors, children }: { id: string; label: string; errors?: string[]; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <FieldError id={`${id}-error`} messages={errors} />
      {children}
    </div>
  );
}

function Confirm({ id, label, errors }: { id: string; label: string; errors?: string[] }) {
  return (
    <div className="field">
      <FieldError id={`${id}-error`} messages={errors} />
      <div className="checkbox">
        <input type="checkbox" id={id} name="confirm" aria-invalid={errors ? true : undefined} aria-describedby={errors ? `${id}-error` : undefined} />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}

export function ScheduleForm({ consultation, opensAt, lastDay }: { consultation: string; opensAt: string; lastDay: string }) {
  const t = useTranslations('caseAdmin');
  return (
    <StepForm id="schedule" action={scheduleCaseAction} consultation={consultation} submit={t('schedule')}>
      {(errors) => (
        <>
          <Field id="schedule-opensAt" label={t('opensAt')} errors={errors?.opensAt}>
            <input id="schedule-opensAt" name="opensAt" type="datetime-local" defaultValue={opensAt} aria-invalid={errors?.opensAt ? true : undefined} aria-describedby={errors?.opensAt ? 'schedule-opensAt-error' : undefined} />
          </Field>
          <Field id="schedule-lastDay" label={t('lastDay')} errors={errors?.lastDay}>
            <input id="schedule-lastDay" name="lastDay" type="date" defaultValue={lastDay} aria-invalid={errors?.lastDay ? true : undefined} aria-describedby={errors?.lastDay ? 'schedule-lastDay-error' : undefined} />
          </Field>
        </>
      )}
    </StepForm>
  );
}

export function OpenNowForm({ consultation }: { consultation: string }) {
  const t = useTranslations('caseAdmin');
  return (
    <StepForm id="open-now" action={openCaseNowAction} consultation={consultation} submit={t('openNow')}>
      {(errors) => <Confirm id="open-now-confirm" label={t('openNowConfirm')} errors={errors?.confirm} />}
    </StepForm>
  );
}

export function ExtendForm({ consultation, lastDay }: { consultation: string; lastDay: string }) {
  const t = useTranslations('caseAdmin');
  return (
    <StepForm id="extend" action={extendCaseAction} consultation={consultation} submit={t('extend')}>
      {(errors) => (
        <>
          <Field id="extend-lastDay" label={t('extendLastDay')} errors={errors?.lastDay}>
            <input id="extend-lastDay" name="lastDay" type="date" defaultValue={lastDay} aria-invalid={errors?.lastDay ? true : undefined} aria-describedby={errors?.lastDay ? 'extend-lastDay-error' : undefined} />
          </Field>
        </>
      )}
    </StepForm>
  );
}

export function CloseEarlyForm({ consultation }: { consultation: string }) {
  const t = useTranslations('caseAdmin');
  return (
    <StepForm id="close" action={closeCaseEarlyAction} consultation={consultation} submit={t('close')}>
      {(errors) => (
        <>
          <Field id="close-reason" label={t('closeReason')} errors={errors?.reason}>
            <input id="close-reason" name="reason" type="text" maxLength={500} aria-invalid={errors?.reason ? true : undefined} aria-describedby={errors?.reason ? 'close-reason-error' : undefined} />
          </Field>
          <Confirm id="close-confirm" label={t('closeConfirm')} errors={errors?.confirm} />
        </>
      )}
    </StepForm>
  );
}

export function RemoveDocumentForm({ consultation, document, name }: { consultation: string; document: number; name: string }) {
  const t = useTranslations();
  const [state, dispatch, pending] = useActionState(removeDocumentAction, IDLE);
  return (
    <form action={dispatch} onSubmit={keepValues(dispatch)} className="inline-form">
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="document" value={document} />
      <button type="submit" className="button-secondary" disabled={pending}>
        {t('caseAdmin.documentRemove', { name })}
      </button>
      {state.status === 'error' && state.formError && <span role="alert">{t(state.formError)}</span>}
    </form>
  );
}

/** Refuses a file over the limit before it is sent (the server checks again). */
export function DocumentFileInput({ limit, label, tooLarge, error }: { limit: number; label: string; tooLarge: string; error?: string }) {
  return (
    <div className="field">
      <label htmlFor="document-file">{label}</label>
      {error && (
        <p className="field-error" id="document-file-error">
          {error}
        </p>
      )}
      <input
        id="document-file"
        name="file"
        type="file"
        required
        accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,application/pdf"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'document-file-error' : undefined}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.setCustomValidity(file && file.size > limit ? tooLarge : '');
          event.currentTarget.reportValidity();
        }}
      />
    </div>
  );
}
