'use client';

import { useTranslations } from 'next-intl';
import { FieldErrorText } from '@/components/ui/field';
import type { ActionState } from '@/lib/auth/staff-action-state';

/** The field errors of an action's state (none unless it failed). */
export function fieldErrorsOf(state: ActionState): Record<string, string[] | undefined> | undefined {
  return state.status === 'error' ? state.fieldErrors : undefined;
}

/** An error summary linking each message to its field (focus moves here after a failed submit). */
export function ErrorSummary({ formError, fieldErrors, fieldIds }: { formError?: string; fieldErrors?: Record<string, string[] | undefined>; fieldIds: Record<string, string> }) {
  const t = useTranslations();
  if (!formError && !fieldErrors) return null;
  const entries = Object.entries(fieldErrors ?? {}).filter(([, messages]) => messages && messages.length > 0);
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <h2>{t('staffCommon.errorSummary')}</h2>
      {formError && <p>{t(formError)}</p>}
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, messages]) => (
            <li key={field}>
              <a href={`#${fieldIds[field] ?? field}`}>{t(messages![0]!)}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A field's first error in Japanese, for a control Field does not lay out (a confirmation checkbox). */
export function FieldError({ fieldId, messages }: { fieldId: string; messages?: string[] }) {
  const message = useFieldMessage();
  return <FieldErrorText id={fieldId} error={message(messages)} />;
}

/** The first message of a field, in Japanese, for components/ui/field.tsx. */
export function useFieldMessage(): (messages?: string[]) => string | undefined {
  const t = useTranslations();
  return (messages) => (messages && messages.length > 0 ? t(messages[0]!) : undefined);
}
