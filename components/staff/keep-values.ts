'use client';

import { startTransition, type FormEvent } from 'react';

/**
 * Submits a form to its action without React resetting the fields afterwards (it does after a
 * plain `action={…}` post), so a refused form still shows what was typed. Without JavaScript
 * the form's `action` posts as usual.
 */
export function keepValues(action: (formData: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter instanceof HTMLElement ? submitter : undefined);
    startTransition(() => action(formData));
  };
}
