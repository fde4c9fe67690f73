'use client';

import { useTranslations } from 'next-intl';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { OptionList, type Option } from '@/components/ui/option-list';
import { Select } from '@/components/ui/select';
import { updateOpinionAction } from '@/lib/actions/staff/update-opinion';
import type { OpinionClassification } from '@/lib/data/triage/opinions';

export type OpinionFormValues = OpinionClassification & { id: number; version: number };

/** Classify one opinion: item, summary, category, status, department and moderation flags. */
export function OpinionForm({
  consultation,
  opinion,
  items,
  categories,
  statuses,
  flags,
  next,
}: {
  consultation: string;
  opinion: OpinionFormValues;
  items: Option[];
  categories: Option[];
  statuses: Option[];
  flags: Option[];
  /** The next submission in the clerk's inbox view: a second button saves and goes there. */
  next?: string;
}) {
  const t = useTranslations('triage');
  const message = useFieldMessage();
  const p = `op-${opinion.id}`;
  return (
    <StaffForm name="opinion" action={updateOpinionAction} version={opinion.version} className="opinion-form" label={t('editHeading')}>
      {(state) => {
        const errors = fieldErrorsOf(state);
        return (
          <>
            <input type="hidden" name="consultation" value={consultation} />
            <input type="hidden" name="id" value={opinion.id} />
            <input type="hidden" name="version" value={opinion.version} />
            <Field id={`${p}-item`} label={t('fieldItem')} error={message(errors?.itemNumber)}>
              {(control) => (
                <Select {...control} name="itemNumber" defaultValue={opinion.itemNumber === null ? '' : String(opinion.itemNumber)}>
                  <OptionList options={items} />
                </Select>
              )}
            </Field>
            <Field id={`${p}-summary`} label={t('fieldSummary')}>
              {(control) => <textarea {...control} name="summary" rows={2} maxLength={1000} defaultValue={opinion.summary} />}
            </Field>
            <Field id={`${p}-category`} label={t('fieldCategory')} error={message(errors?.categoryCode)}>
              {(control) => (
                <Select {...control} name="categoryCode" defaultValue={opinion.categoryCode ?? ''}>
                  <option value="">{t('unclassified')}</option>
                  <OptionList options={categories} />
                </Select>
              )}
            </Field>
            <Field id={`${p}-status`} label={t('fieldStatus')}>
              {(control) => (
                <Select {...control} name="status" defaultValue={opinion.status}>
                  <OptionList options={statuses} />
                </Select>
              )}
            </Field>
            <Field id={`${p}-department`} label={t('fieldDepartment')}>
              {(control) => <input {...control} name="department" type="text" maxLength={100} defaultValue={opinion.department ?? ''} />}
            </Field>
            <fieldset className="field">
              <legend>{t('fieldFlags')}</legend>
              {flags.map((f) => (
                <Checkbox key={f.value} id={`${p}-${f.value}`} name={f.value} label={f.label} defaultChecked={opinion[f.value as 'spam' | 'outOfScope' | 'thirdPartyPersonalData' | 'hidden']} />
              ))}
              <Field id={`${p}-reason`} label={t('fieldReason')}>
                {(control) => <input {...control} name="moderationReason" type="text" maxLength={500} defaultValue={opinion.moderationReason ?? ''} />}
              </Field>
            </fieldset>
            <div className="button-row">
              <Button type="submit">{t('save')}</Button>
              {next && (
                <>
                  <input type="hidden" name="next" value={next} />
                  <Button type="submit" variant="secondary" name="then" value="next">
                    {t('saveAndNext')}
                  </Button>
                </>
              )}
            </div>
          </>
        );
      }}
    </StaffForm>
  );
}
