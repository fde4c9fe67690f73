'use client';

import { useTranslations } from 'next-intl';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { OptionList, type Option } from '@/components/ui/option-list';
import { Select } from '@/components/ui/select';
import { enterPaperSubmissionAction } from '@/lib/actions/staff/enter-paper-submission';

/** Enter a submission received on paper (post, FAX, e-mail, in person). */
export function PaperForm({
  consultation,
  channels,
  categories,
  items,
  rows,
  today,
}: {
  consultation: string;
  channels: Option[];
  categories: string[];
  items: Option[];
  rows: number;
  today: string;
}) {
  const t = useTranslations('triagePaper');
  const message = useFieldMessage();
  const ids: Record<string, string> = { channel: 'paper-channel', receivedOn: 'paper-received', name: 'paper-name', address: 'paper-address', category: 'paper-category', email: 'paper-email' };
  for (let i = 0; i < rows; i++) {
    ids[`opinion-${i}-item`] = `opinion-${i}-item`;
    ids[`opinion-${i}-text`] = `opinion-${i}-text`;
  }
  return (
    <StaffForm name="paper" action={enterPaperSubmissionAction} fieldIds={ids} noValidate>
      {(state) => {
        const errors = fieldErrorsOf(state);
        return (
          <>
            <input type="hidden" name="consultation" value={consultation} />
            <Field id={ids.channel!} label={t('channel')} error={message(errors?.channel)}>
              {(control) => (
                <Select {...control} name="channel" defaultValue="">
                  <option value="">{t('channelChoose')}</option>
                  <OptionList options={channels} />
                </Select>
              )}
            </Field>
            <Field id={ids.receivedOn!} label={t('receivedOn')} error={message(errors?.receivedOn)}>
              {(control) => <input {...control} name="receivedOn" type="date" defaultValue={today} />}
            </Field>
            <fieldset>
              <legend>{t('submitterHeading')}</legend>
              {(['name', 'address'] as const).map((name) => (
                <Field key={name} id={ids[name]!} label={t(name)} error={message(errors?.[name])}>
                  {(control) => <input {...control} name={name} type="text" maxLength={name === 'name' ? 100 : 200} />}
                </Field>
              ))}
              <Field id={ids.category!} label={t('category')} error={message(errors?.category)}>
                {(control) => (
                  <Select {...control} name="category" defaultValue="">
                    <option value="">{t('categoryNone')}</option>
                    {categories.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field id={ids.email!} label={t('email')} error={message(errors?.email)}>
                {(control) => <input {...control} name="email" type="email" />}
              </Field>
            </fieldset>
            <h2>{t('opinionsHeading')}</h2>
            <p className="hint">{t('opinionHint')}</p>
            {Array.from({ length: rows }, (_, i) => (
              <fieldset key={i}>
                <legend>{t('opinionLegend', { n: i + 1 })}</legend>
                <Field id={`opinion-${i}-item`} label={t('opinionTarget')} error={message(errors?.[`opinion-${i}-item`])}>
                  {(control) => (
                    <Select {...control} name={`opinion-${i}-item`} defaultValue="">
                      <OptionList options={items} />
                    </Select>
                  )}
                </Field>
                <Field id={`opinion-${i}-text`} label={t('opinionText')} error={message(errors?.[`opinion-${i}-text`])}>
                  {(control) => <textarea {...control} name={`opinion-${i}-text`} rows={4} />}
                </Field>
              </fieldset>
            ))}
            <Button type="submit">{t('save')}</Button>
          </>
        );
      }}
    </StaffForm>
  );
}
