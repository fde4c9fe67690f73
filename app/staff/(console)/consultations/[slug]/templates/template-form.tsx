'use client';

import { useTranslations } from 'next-intl';
import { useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { saveTemplateAction } from '@/lib/actions/staff/save-template';

type Template = { id: number; version: number; title: string; body: string; scope: 'case' | 'city' };

/**
 * A 定型文: a new one (without `template`; the scope is chosen, the city's only for those who
 * may), or a new version of one.
 */
export function TemplateForm({ slug, template, canEditCity }: { slug: string; template?: Template; canEditCity: boolean }) {
  const t = useTranslations('staffTemplates');
  const message = useFieldMessage();
  const p = template ? `template-${template.id}` : 'template-new';
  return (
    <StaffForm
      name={template ? 'template' : 'template-create'}
      action={saveTemplateAction}
      version={template?.version}
      className="template-form"
      label={template ? template.title : t('newHeading')}
      fieldIds={{ title: `${p}-title`, body: `${p}-body` }}
    >
      {(state) => {
        const errors = state.status === 'error' ? state.fieldErrors : undefined;
        return (
          <>
            <input type="hidden" name="consultation" value={slug} />
            {template ? (
              <>
                <input type="hidden" name="id" value={template.id} />
                <input type="hidden" name="version" value={template.version} />
                <input type="hidden" name="scope" value={template.scope} />
              </>
            ) : (
              <Field id={`${p}-scope`} label={t('scope')}>
                {(control) => (
                  <Select {...control} name="scope" defaultValue="case">
                    <option value="case">{t('scopeCase')}</option>
                    {canEditCity && <option value="city">{t('scopeCity')}</option>}
                  </Select>
                )}
              </Field>
            )}
            <Field id={`${p}-title`} label={t('fieldTitle')} error={message(errors?.title)}>
              {(control) => <input {...control} name="title" type="text" maxLength={100} defaultValue={template?.title ?? ''} />}
            </Field>
            <Field id={`${p}-body`} label={t('fieldBody')} error={message(errors?.body)}>
              {(control) => <textarea {...control} name="body" rows={5} defaultValue={template?.body ?? ''} />}
            </Field>
            <Button type="submit">{template ? t('save') : t('create')}</Button>
          </>
        );
      }}
    </StaffForm>
  );
}
