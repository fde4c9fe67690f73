'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { OptionList, type Option } from '@/components/ui/option-list';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { bulkUpdateOpinionsAction } from '@/lib/actions/staff/bulk-update-opinions';

/** The inbox's bulk form: the rows' checkboxes are inside it (children, rendered on the server). */
export function BulkForm({ consultation, categories, statuses, flags, children }: { consultation: string; categories: Option[]; statuses: Option[]; flags: Option[]; children: ReactNode }) {
  const t = useTranslations('triage');
  return (
    <StaffForm name="bulk" action={bulkUpdateOpinionsAction} id="bulk-form" outcome="bottom">
      {children}
      <fieldset className="bulk">
        <legend>{t('bulkHeading')}</legend>
        <input type="hidden" name="consultation" value={consultation} />
        <Field id="bulk-category" label={t('bulkCategory')}>
          {(control) => (
            <Select {...control} name="categoryCode" defaultValue="">
              <option value="">{t('bulkNoChange')}</option>
              <OptionList options={categories} />
            </Select>
          )}
        </Field>
        <Field id="bulk-status" label={t('bulkStatus')}>
          {(control) => (
            <Select {...control} name="status" defaultValue="">
              <option value="">{t('bulkNoChange')}</option>
              <OptionList options={statuses} />
            </Select>
          )}
        </Field>
        <Field id="bulk-department" label={t('bulkDepartment')}>
          {(control) => <input {...control} name="department" type="text" maxLength={100} />}
        </Field>
        <Field id="bulk-flag" label={t('bulkFlag')}>
          {(control) => (
            <Select {...control} name="flag" defaultValue="">
              <option value="">{t('bulkNoChange')}</option>
              <OptionList options={flags} />
              <option value="clear">{t('bulkFlagClear')}</option>
            </Select>
          )}
        </Field>
        <Field id="bulk-reason" label={t('bulkReason')}>
          {(control) => <input {...control} name="moderationReason" type="text" maxLength={500} />}
        </Field>
        <Button type="submit">{t('bulkApply')}</Button>
      </fieldset>
    </StaffForm>
  );
}
