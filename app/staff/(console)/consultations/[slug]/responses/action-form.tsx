'use client';

import { useTranslations } from 'next-intl';
import { useActionState, type ReactNode } from 'react';
import { IDLE, type ActionState } from '@/lib/auth/staff-action-state';

type Action = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A staff form around one server action: the fields come from the server page as children,
 * the outcome (done, or what is wrong in Japanese) is announced next to the button. Works
 * without JavaScript too (the action posts and the page renders the outcome).
 */
export function ActionForm({ action, children, className, label }: { action: Action; children: ReactNode; className?: string; label?: string }) {
  const t = useTranslations();
  const [state, formAction, pending] = useActionState(action, IDLE);
  const fieldMessages = state.status === 'error' ? Object.values(state.fieldErrors ?? {}).flatMap((m) => m ?? []) : [];
  return (
    <form action={formAction} className={className} aria-label={label} aria-busy={pending || undefined}>
      {children}
      {state.status === 'ok' && <p role="status">{t(state.message)}</p>}
      {state.status === 'error' && (
        <div role="alert" className="form-error">
          {state.formError && state.formError !== 'staffCommon.fixErrors' && <p>{t(state.formError)}</p>}
          {fieldMessages.map((m) => (
            <p key={m}>{t(m)}</p>
          ))}
          {state.formError === 'staffCommon.fixErrors' && fieldMessages.length === 0 && <p>{t(state.formError)}</p>}
        </div>
      )}
    </form>
  );
}
