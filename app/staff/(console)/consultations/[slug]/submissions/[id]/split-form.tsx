'use client';

import { useTranslations } from 'next-intl';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { SplitEditor } from '@/components/staff/split-editor';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Disclosure } from '@/components/ui/disclosure';
import { Field } from '@/components/ui/field';
import { splitOpinionAction } from '@/lib/actions/staff/split-opinion';

/** Split an opinion: `---` lines where it is to be cut, or (with JavaScript) cuts made at the cursor. */
export function SplitForm({ consultation, id, version, text }: { consultation: string; id: number; version: number; text: string }) {
  const t = useTranslations('triage');
  const message = useFieldMessage();
  const fieldId = `split-${id}`;
  return (
    <StaffForm name="split" action={splitOpinionAction} version={version} className="split-form">
      {(state) => {
        const errors = fieldErrorsOf(state);
        // Closed until wanted; open again when the server refused the split (with or without JavaScript).
        return (
          <Disclosure summary={t('splitHeading')} open={state.status === 'error' || undefined}>
            <input type="hidden" name="consultation" value={consultation} />
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="version" value={version} />
            <Field id={fieldId} label={t('splitLabel', { id })} hint={t('splitHint')} error={message(errors?.marked)}>
              {(control) => <SplitEditor control={control} original={text} />}
            </Field>
            <Button type="submit">{t('splitSubmit')}</Button>
          </Disclosure>
        );
      }}
    </StaffForm>
  );
}
