'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { OptionList, type Option } from '@/components/ui/option-list';
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
        <label htmlFor="bulk-category">{t('bulkCategory')}</label>
        <Select id="bulk-category" name="categoryCode" defaultValue="">
          <option value="">{t('bulkNoChange')}</option>
          <OptionList options={categories} />
        </Select>
        <label htmlFor="bulk-status">{t('bulkStatus')}</label>
        <Select id="bulk-status" name="status" defaultValue="">
          <option value="">{t('bulkNoChange')}</option>
          <OptionList options={statuses} />
        </Select>
        <label htmlFor="bulk-department">{t('bulkDepartment')}</label>
        <input id="bulk-department" name="department" type="text" maxLength={100} />
        <label htmlFor="bulk-flag">{t('bulkFlag')}</label>
        <Select id="bulk-flag" name="flag" defaultValue="">
          <option value="">{t('bulkNoChange')}</option>
          <OptionList options={flags} />
          <option value="clear">{t('bulkFlagClear')}</option>
        </Select>
        <label htmlFor="bulk-reason">{t('bulkReason')}</label>
        <input id="bulk-reason" name="moderationReason" type="text" maxLength={500} />
        <Button type="submit">{t('bulkApply')}</Button>
      </fieldset>
    </StaffForm>
  );
}
