'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { NotificationBanner } from '@/components/ui/notification-banner';
import { IDLE, type ActionState } from '@/lib/auth/staff-action-state';
import { ErrorSummary } from './form-errors';

/** A staff action: it returns ActionState, or a wider state of its own (the import's preview, lib/auth/staff-action.ts). */
type StaffAction<S> = (previous: S | ActionState, formData: FormData) => Promise<S | ActionState>;

/**
 * The one way an action's outcome is shown: a status line (its message, and a link to go on
 * where the action gives one), or an alert with its details (conflicts, splits), or the error
 * summary linking each field's message to its field.
 */
export function FormOutcome({ state, fieldIds }: { state: ActionState; fieldIds?: Record<string, string> }) {
  const t = useTranslations();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === 'error') ref.current?.focus();
  }, [state]);
  if (state.status === 'ok') {
    return (
      <>
        <NotificationBanner kind="success">
          <p>{t(state.message, state.values)}</p>
        </NotificationBanner>
        {state.link && (
          <p>
            <a href={state.link.href}>{t(state.link.label)}</a>
          </p>
        )}
      </>
    );
  }
  if (state.status !== 'error') return null;
  if (state.fieldErrors && fieldIds) {
    return (
      <div ref={ref} tabIndex={-1}>
        <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={fieldIds} />
      </div>
    );
  }
  const fieldMessages = Object.values(state.fieldErrors ?? {}).flatMap((m) => m ?? []);
  return (
    <div ref={ref} tabIndex={-1}>
      <NotificationBanner kind="error" title={state.formError && !(state.formError === 'staffCommon.fixErrors' && fieldMessages.length > 0) ? t(state.formError) : undefined}>
        {fieldMessages.map((m) => (
          <p key={m}>{t(m)}</p>
        ))}
        {state.details && (
          <ul>
            {state.details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </NotificationBanner>
    </div>
  );
}

/**
 * Every staff form is this one (the form walk in e2e/staff-forms.spec.ts finds them by `name`).
 * It makes the form show what is stored, with and without JavaScript:
 *
 * - React 19 resets a form after its action, to each field's *initial* default: a select keeps
 *   the option it was first rendered with, so after a save it showed 未分類 again and the next
 *   save wrote that back. Here the submit is dispatched by hand (no automatic reset: what the
 *   clerk typed stays when the server refuses it), and the form is keyed by the record's
 *   `version` and by the number of successful saves, so after a save it is drawn anew from the
 *   stored values the server rendered. Focus goes back to the control that had it.
 * - Without JavaScript the browser posts the form and the server renders the page from the
 *   database, so the same stored values are shown.
 */
export function StaffForm<S extends { status: string } = ActionState>({
  name,
  action,
  version,
  className,
  label,
  fieldIds,
  outcome = 'top',
  noValidate,
  id,
  testId,
  children,
}: {
  /** The form's name in the form walk (data-staff-form). */
  name: string;
  action: StaffAction<S>;
  /** Changes whenever the stored values behind the fields change (a record's version, a stored value). */
  version?: string | number;
  className?: string;
  label?: string;
  /** Field name → element id: field errors are listed in a summary linking to the fields. */
  fieldIds?: Record<string, string>;
  /** Where the outcome is shown; 'none': the children show it (a form whose action has a state of its own). */
  outcome?: 'top' | 'bottom' | 'none';
  noValidate?: boolean;
  id?: string;
  /** data-testid of the form (e2e specs find some forms by it). */
  testId?: string;
  children: ReactNode | ((state: S | ActionState) => ReactNode);
}) {
  const [state, formAction, pending] = useActionState<S | ActionState, FormData>(action, IDLE);
  // Count successful saves; adjusting state during render when the action's state changes.
  const [seen, setSeen] = useState(state);
  const [saves, setSaves] = useState(0);
  if (seen !== state) {
    setSeen(state);
    if (state.status === 'ok') setSaves(saves + 1);
  }
  const formRef = useRef<HTMLFormElement>(null);
  const focusIndex = useRef(-1);
  const key = `${version ?? ''}:${saves}`;
  useLayoutEffect(() => {
    const form = formRef.current;
    if (!form || focusIndex.current < 0) return;
    if (!form.contains(document.activeElement)) (form.elements[focusIndex.current] as HTMLElement | undefined)?.focus();
  }, [key]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    focusIndex.current = Array.prototype.indexOf.call(form.elements, submitter ?? document.activeElement);
    const data = new FormData(form, submitter);
    startTransition(() => formAction(data));
  };
  // FormOutcome shows only the statuses of ActionState ('ok', 'error'); a wider state's own statuses show nothing there.
  const shown = outcome === 'none' ? null : <FormOutcome state={state as ActionState} fieldIds={fieldIds} />;
  return (
    <form
      key={key}
      ref={formRef}
      id={id}
      action={formAction}
      onSubmit={submit}
      className={className}
      aria-label={label}
      aria-busy={pending || undefined}
      noValidate={noValidate}
      data-staff-form={name}
      data-testid={testId}
    >
      {outcome === 'top' && shown}
      <fieldset className="form-body" disabled={pending}>
        {typeof children === 'function' ? children(state) : children}
      </fieldset>
      {outcome === 'bottom' && shown}
    </form>
  );
}
