'use client';

import { useTranslations } from 'next-intl';
import { fieldErrorsOf, useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { deleteCategoryAction } from '@/lib/actions/staff/delete-category';
import { saveCategoryAction } from '@/lib/actions/staff/save-category';

type StoredCategory = { code: string; label: string; position: number };

/**
 * Add a category (no `category`), or change a stored one's label and position (admins). An
 * existing category's form shows its stored values and keeps its code, so saving one field
 * never writes a default into another.
 */
export function CategoryForm({ consultation, category }: { consultation: string; category?: StoredCategory }) {
  const t = useTranslations('triageCategories');
  const message = useFieldMessage();
  const p = category ? `category-${category.code}` : 'category';
  const fieldIds = { code: `${p}-code`, label: `${p}-label`, position: `${p}-position` };
  return (
    <StaffForm
      name={category ? 'category-edit' : 'category-add'}
      action={saveCategoryAction}
      version={category ? `${category.label}\u0000${category.position}` : undefined}
      fieldIds={fieldIds}
      className={category ? 'category-form inline-fields' : 'category-form'}
      label={category ? t('editLabel', { code: category.code }) : undefined}
      noValidate
    >
      {(state) => {
        const errors = fieldErrorsOf(state);
        return (
          <>
            <input type="hidden" name="consultation" value={consultation} />
            {category ? (
              <input type="hidden" name="code" value={category.code} />
            ) : (
              <Field id={fieldIds.code} label={t('code')} error={message(errors?.code)}>
                {(control) => <input {...control} name="code" type="text" maxLength={8} />}
              </Field>
            )}
            <Field id={fieldIds.label} label={t('label')} error={message(errors?.label)}>
              {(control) => <input {...control} name="label" type="text" maxLength={100} defaultValue={category?.label} />}
            </Field>
            <Field id={fieldIds.position} label={t('position')} error={message(errors?.position)}>
              {(control) => <input {...control} name="position" type="number" min={0} max={1000} defaultValue={category?.position ?? 0} />}
            </Field>
            <Button type="submit">{t('save')}</Button>
          </>
        );
      }}
    </StaffForm>
  );
}

export function DeleteCategoryForm({ consultation, code }: { consultation: string; code: string }) {
  const t = useTranslations('triageCategories');
  return (
    <StaffForm name="category-delete" action={deleteCategoryAction} className="inline-form" outcome="bottom">
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="code" value={code} />
      <Button type="submit" variant="danger" size="small" aria-label={t('deleteLabel', { code })}>
        {t('delete')}
      </Button>
    </StaffForm>
  );
}
