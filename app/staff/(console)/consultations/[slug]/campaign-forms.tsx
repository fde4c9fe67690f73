'use client';

import { useTranslations } from 'next-intl';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { HiddenInput } from '@/components/ui/hidden-input';
import { OptionList, type Option } from '@/components/ui/option-list';
import { Select } from '@/components/ui/select';
import { classifyCampaignAction, decideCampaignAction } from '@/lib/actions/staff/analysis';

/** Confirm or dissolve a campaign group. */
export function CampaignDecisionForm({ consultation, group }: { consultation: string; group: number }) {
  const t = useTranslations('analysis');
  return (
    <StaffForm name="campaign-decision" action={decideCampaignAction} className="inline-form" outcome="bottom">
      <HiddenInput name="consultation" value={consultation} />
      <HiddenInput name="group" value={group} />
      <div className="button-row">
        <Button type="submit" name="decision" value="confirm" variant="secondary">
          {t('confirmCampaign')}
        </Button>
        <Button type="submit" name="decision" value="dissolve" variant="danger">
          {t('dissolveCampaign')}
        </Button>
      </div>
    </StaffForm>
  );
}

type CampaignValues = { group: number; version: number; count: number; itemNumber: number | null; summary: string; categoryCode: string | null; status: string };

/** Classify a campaign group once: item, summary, category and status for every member. */
export function CampaignClassifyForm({ consultation, values, items, categories, statuses }: { consultation: string; values: CampaignValues; items: Option[]; categories: Option[]; statuses: Option[] }) {
  const t = useTranslations('analysis');
  const tt = useTranslations('triage');
  const message = useFieldMessage();
  const p = `campaign-${values.group}`;
  const fieldIds = { itemNumber: `${p}-item`, summary: `${p}-summary`, categoryCode: `${p}-category`, status: `${p}-status` };
  return (
    <StaffForm name="campaign-classify" action={classifyCampaignAction} version={values.version} fieldIds={fieldIds} label={t('classifyHeading', { count: values.count })}>
      {(state) => {
        const errors = fieldErrorsOf(state);
        return (
          <>
            <HiddenInput name="consultation" value={consultation} />
            <HiddenInput name="group" value={values.group} />
            <HiddenInput name="version" value={values.version} />
            <Field id={fieldIds.itemNumber} label={tt('fieldItem')} error={message(errors?.itemNumber)}>
              {(control) => (
                <Select {...control} name="itemNumber" defaultValue={values.itemNumber === null ? '' : String(values.itemNumber)}>
                  <OptionList options={items} />
                </Select>
              )}
            </Field>
            <Field id={fieldIds.summary} label={tt('fieldSummary')} error={message(errors?.summary)}>
              {(control) => <textarea {...control} name="summary" rows={2} maxLength={1000} defaultValue={values.summary} />}
            </Field>
            <Field id={fieldIds.categoryCode} label={tt('fieldCategory')} error={message(errors?.categoryCode)}>
              {(control) => (
                <Select {...control} name="categoryCode" defaultValue={values.categoryCode ?? ''}>
                  <option value="">{tt('unclassified')}</option>
                  <OptionList options={categories} />
                </Select>
              )}
            </Field>
            <Field id={fieldIds.status} label={tt('fieldStatus')}>
              {(control) => (
                <Select {...control} name="status" defaultValue={values.status}>
                  <OptionList options={statuses} />
                </Select>
              )}
            </Field>
            <Button type="submit">{t('classifySave')}</Button>
          </>
        );
      }}
    </StaffForm>
  );
}
