'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { FieldError, useFieldMessage } from '@/components/staff/form-errors';
import { SplitEditor } from '@/components/staff/split-editor';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Disclosure } from '@/components/ui/disclosure';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { OptionList, type Option } from '@/components/ui/option-list';
import { bulkUpdateOpinionsAction } from '@/lib/actions/staff/bulk-update-opinions';
import { deleteCategoryAction } from '@/lib/actions/staff/delete-category';
import { enterPaperSubmissionAction } from '@/lib/actions/staff/enter-paper-submission';
import { saveCategoryAction } from '@/lib/actions/staff/save-category';
import { splitOpinionAction } from '@/lib/actions/staff/split-opinion';
import { updateOpinionAction } from '@/lib/actions/staff/update-opinion';
import type { ActionState } from '@/lib/auth/staff-action-state';
import type { OpinionClassification } from '@/lib/data/triage/opinions';

function errorsOf(state: ActionState) {
  return state.status === 'error' ? state.fieldErrors : undefined;
}

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
  const p = `op-${opinion.id}`;
  return (
    <StaffForm name="opinion" action={updateOpinionAction} version={opinion.version} className="opinion-form" label={t('editHeading')}>
      {(state) => {
        const errors = errorsOf(state);
        return (
          <>
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="id" value={opinion.id} />
      <input type="hidden" name="version" value={opinion.version} />
      <div className="field">
        <label htmlFor={`${p}-item`}>{t('fieldItem')}</label>
        <FieldError id={`${p}-item-error`} messages={errors?.itemNumber} />
        <Select id={`${p}-item`} name="itemNumber" defaultValue={opinion.itemNumber === null ? '' : String(opinion.itemNumber)}>
          <OptionList options={items} />
        </Select>
      </div>
      <div className="field">
        <label htmlFor={`${p}-summary`}>{t('fieldSummary')}</label>
        <textarea id={`${p}-summary`} name="summary" rows={2} maxLength={1000} defaultValue={opinion.summary} />
      </div>
      <div className="field">
        <label htmlFor={`${p}-category`}>{t('fieldCategory')}</label>
        <FieldError id={`${p}-category-error`} messages={errors?.categoryCode} />
        <Select id={`${p}-category`} name="categoryCode" defaultValue={opinion.categoryCode ?? ''}>
          <option value="">{t('unclassified')}</option>
          <OptionList options={categories} />
        </Select>
      </div>
      <div className="field">
        <label htmlFor={`${p}-status`}>{t('fieldStatus')}</label>
        <Select id={`${p}-status`} name="status" defaultValue={opinion.status}>
          <OptionList options={statuses} />
        </Select>
      </div>
      <div className="field">
        <label htmlFor={`${p}-department`}>{t('fieldDepartment')}</label>
        <input id={`${p}-department`} name="department" type="text" maxLength={100} defaultValue={opinion.department ?? ''} />
      </div>
      <fieldset className="field">
        <legend>{t('fieldFlags')}</legend>
        {flags.map((f) => (
          <Checkbox key={f.value} id={`${p}-${f.value}`} name={f.value} label={f.label} defaultChecked={opinion[f.value as 'spam' | 'outOfScope' | 'thirdPartyPersonalData' | 'hidden']} />
        ))}
        <label htmlFor={`${p}-reason`}>{t('fieldReason')}</label>
        <input id={`${p}-reason`} name="moderationReason" type="text" maxLength={500} defaultValue={opinion.moderationReason ?? ''} />
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

/** Split an opinion: `---` lines where it is to be cut, or (with JavaScript) cuts made at the cursor. */
export function SplitForm({ consultation, id, version, text }: { consultation: string; id: number; version: number; text: string }) {
  const t = useTranslations('triage');
  const message = useFieldMessage();
  const fieldId = `split-${id}`;
  return (
    <StaffForm name="split" action={splitOpinionAction} version={version} className="split-form">
      {(state) => {
        const errors = errorsOf(state);
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
  const ids: Record<string, string> = { channel: 'paper-channel', receivedOn: 'paper-received', name: 'paper-name', address: 'paper-address', category: 'paper-category', email: 'paper-email' };
  for (let i = 0; i < rows; i++) {
    ids[`opinion-${i}-item`] = `opinion-${i}-item`;
    ids[`opinion-${i}-text`] = `opinion-${i}-text`;
  }
  return (
    <StaffForm name="paper" action={enterPaperSubmissionAction} fieldIds={ids} noValidate>
      {(state) => {
        const errors = errorsOf(state);
        const describedBy = (name: string) => (errors?.[name] ? `${ids[name]}-error` : undefined);
        const done = state.status === 'ok' && state.details;
        return (
          <>
      {done && (
        <p>
          <a href={state.details![1]}>{t('open')}</a>
        </p>
      )}
      <input type="hidden" name="consultation" value={consultation} />
      <div className="field">
        <label htmlFor="paper-channel">{t('channel')}</label>
        <FieldError id="paper-channel-error" messages={errors?.channel} />
        <Select id="paper-channel" name="channel" defaultValue="" aria-invalid={errors?.channel ? true : undefined} aria-describedby={describedBy('channel')}>
          <option value="">{t('channelChoose')}</option>
          <OptionList options={channels} />
        </Select>
      </div>
      <div className="field">
        <label htmlFor="paper-received">{t('receivedOn')}</label>
        <FieldError id="paper-received-error" messages={errors?.receivedOn} />
        <input id="paper-received" name="receivedOn" type="date" defaultValue={today} aria-invalid={errors?.receivedOn ? true : undefined} aria-describedby={describedBy('receivedOn')} />
      </div>
      <fieldset>
        <legend>{t('submitterHeading')}</legend>
        {(['name', 'address'] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={ids[name]}>{t(name)}</label>
            <FieldError id={`${ids[name]}-error`} messages={errors?.[name]} />
            <input id={ids[name]} name={name} type="text" maxLength={name === 'name' ? 100 : 200} aria-invalid={errors?.[name] ? true : undefined} aria-describedby={describedBy(name)} />
          </div>
        ))}
        <div className="field">
          <label htmlFor="paper-category">{t('category')}</label>
          <FieldError id="paper-category-error" messages={errors?.category} />
          <Select id="paper-category" name="category" defaultValue="" aria-invalid={errors?.category ? true : undefined} aria-describedby={describedBy('category')}>
            <option value="">{t('categoryNone')}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </div>
        <div className="field">
          <label htmlFor="paper-email">{t('email')}</label>
          <FieldError id="paper-email-error" messages={errors?.email} />
          <input id="paper-email" name="email" type="email" aria-invalid={errors?.email ? true : undefined} aria-describedby={describedBy('email')} />
        </div>
      </fieldset>
      <h2>{t('opinionsHeading')}</h2>
      <p className="hint">{t('opinionHint')}</p>
      {Array.from({ length: rows }, (_, i) => (
        <fieldset key={i}>
          <legend>{t('opinionLegend', { n: i + 1 })}</legend>
          <div className="field">
            <label htmlFor={`opinion-${i}-item`}>{t('opinionTarget')}</label>
            <FieldError id={`opinion-${i}-item-error`} messages={errors?.[`opinion-${i}-item`]} />
            <Select id={`opinion-${i}-item`} name={`opinion-${i}-item`} defaultValue="" aria-describedby={describedBy(`opinion-${i}-item`)}>
              <OptionList options={items} />
            </Select>
          </div>
          <div className="field">
            <label htmlFor={`opinion-${i}-text`}>{t('opinionText')}</label>
            <FieldError id={`opinion-${i}-text-error`} messages={errors?.[`opinion-${i}-text`]} />
            <textarea
              id={`opinion-${i}-text`}
              name={`opinion-${i}-text`}
              rows={4}
              aria-invalid={errors?.[`opinion-${i}-text`] ? true : undefined}
              aria-describedby={describedBy(`opinion-${i}-text`)}
            />
          </div>
        </fieldset>
      ))}
      <Button type="submit">{t('save')}</Button>
          </>
        );
      }}
    </StaffForm>
  );
}

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
        const errors = errorsOf(state);
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
