'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef, type ReactNode } from 'react';
import { ErrorSummary, FieldError } from '@/components/staff/form-errors';
import { OptionList, type Option } from '@/components/ui/option-list';
import { bulkUpdateOpinionsAction } from '@/lib/actions/staff/bulk-update-opinions';
import { deleteCategoryAction } from '@/lib/actions/staff/delete-category';
import { enterPaperSubmissionAction } from '@/lib/actions/staff/enter-paper-submission';
import { saveCategoryAction } from '@/lib/actions/staff/save-category';
import { splitOpinionAction } from '@/lib/actions/staff/split-opinion';
import { updateOpinionAction } from '@/lib/actions/staff/update-opinion';
import { IDLE, type ActionState } from '@/lib/auth/staff-action-state';
import type { OpinionClassification } from '@/lib/data/triage/opinions';

/** The result of an action: a status line, or an alert with its details (conflicts, splits). */
function Outcome({ state, id }: { state: ActionState; id?: string }) {
  const t = useTranslations();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === 'error') ref.current?.focus();
  }, [state]);
  if (state.status === 'ok') {
    return (
      <div role="status" className="notice" id={id}>
        {state.details ? <p>{state.details[0]}</p> : <p>{t(state.message)}</p>}
      </div>
    );
  }
  if (state.status === 'error' && state.formError) {
    return (
      <div role="alert" className="error-summary" tabIndex={-1} ref={ref} id={id}>
        <p>
          <strong>{t(state.formError)}</strong>
        </p>
        {state.details && (
          <ul>
            {state.details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return null;
}

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
}: {
  consultation: string;
  opinion: OpinionFormValues;
  items: Option[];
  categories: Option[];
  statuses: Option[];
  flags: Option[];
}) {
  const t = useTranslations('triage');
  const [state, action, pending] = useActionState(updateOpinionAction, IDLE);
  const errors = errorsOf(state);
  const p = `op-${opinion.id}`;
  return (
    <form action={action} className="opinion-form" aria-label={t('editHeading')}>
      <Outcome state={state} />
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="id" value={opinion.id} />
      <input type="hidden" name="version" value={opinion.version} />
      <div className="field">
        <label htmlFor={`${p}-item`}>{t('fieldItem')}</label>
        <FieldError id={`${p}-item-error`} messages={errors?.itemNumber} />
        <select id={`${p}-item`} name="itemNumber" defaultValue={opinion.itemNumber === null ? '' : String(opinion.itemNumber)}>
          <OptionList options={items} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${p}-summary`}>{t('fieldSummary')}</label>
        <textarea id={`${p}-summary`} name="summary" rows={2} maxLength={1000} defaultValue={opinion.summary} />
      </div>
      <div className="field">
        <label htmlFor={`${p}-category`}>{t('fieldCategory')}</label>
        <FieldError id={`${p}-category-error`} messages={errors?.categoryCode} />
        <select id={`${p}-category`} name="categoryCode" defaultValue={opinion.categoryCode ?? ''}>
          <option value="">{t('unclassified')}</option>
          <OptionList options={categories} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${p}-status`}>{t('fieldStatus')}</label>
        <select id={`${p}-status`} name="status" defaultValue={opinion.status}>
          <OptionList options={statuses} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${p}-department`}>{t('fieldDepartment')}</label>
        <input id={`${p}-department`} name="department" type="text" maxLength={100} defaultValue={opinion.department ?? ''} />
      </div>
      <fieldset className="field">
        <legend>{t('fieldFlags')}</legend>
        {flags.map((f) => (
          <div key={f.value} className="checkbox">
            <input
              id={`${p}-${f.value}`}
              name={f.value}
              type="checkbox"
              defaultChecked={opinion[f.value as 'spam' | 'outOfScope' | 'thirdPartyPersonalData' | 'hidden']}
            />
            <label htmlFor={`${p}-${f.value}`}>{f.label}</label>
          </div>
        ))}
        <label htmlFor={`${p}-reason`}>{t('fieldReason')}</label>
        <input id={`${p}-reason`} name="moderationReason" type="text" maxLength={500} defaultValue={opinion.moderationReason ?? ''} />
      </fieldset>
      <button type="submit" disabled={pending}>
        {t('save')}
      </button>
    </form>
  );
}

/** Split an opinion by putting `---` lines where it is to be cut. */
export function SplitForm({ consultation, id, version, text }: { consultation: string; id: number; version: number; text: string }) {
  const t = useTranslations('triage');
  const [state, action, pending] = useActionState(splitOpinionAction, IDLE);
  const errors = errorsOf(state);
  const fieldId = `split-${id}`;
  return (
    <form action={action} className="split-form">
      <Outcome state={state} />
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <div className="field">
        <label htmlFor={fieldId}>{t('splitLabel', { id })}</label>
        <p className="hint" id={`${fieldId}-hint`}>
          {t('splitHint')}
        </p>
        <FieldError id={`${fieldId}-error`} messages={errors?.marked} />
        <textarea
          id={fieldId}
          name="marked"
          rows={Math.min(12, text.split('\n').length + 3)}
          defaultValue={text}
          aria-describedby={`${fieldId}-hint${errors?.marked ? ` ${fieldId}-error` : ''}`}
          aria-invalid={errors?.marked ? true : undefined}
        />
      </div>
      <button type="submit" disabled={pending}>
        {t('splitSubmit')}
      </button>
    </form>
  );
}

/** The inbox's bulk form: the rows' checkboxes are inside it (children, rendered on the server). */
export function BulkForm({ consultation, categories, statuses, flags, children }: { consultation: string; categories: Option[]; statuses: Option[]; flags: Option[]; children: ReactNode }) {
  const t = useTranslations('triage');
  const [state, action, pending] = useActionState(bulkUpdateOpinionsAction, IDLE);
  return (
    <form action={action} id="bulk-form">
      {children}
      <fieldset className="bulk">
        <legend>{t('bulkHeading')}</legend>
        <Outcome state={state} />
        <input type="hidden" name="consultation" value={consultation} />
        <label htmlFor="bulk-category">{t('bulkCategory')}</label>
        <select id="bulk-category" name="categoryCode" defaultValue="">
          <option value="">{t('bulkNoChange')}</option>
          <OptionList options={categories} />
        </select>
        <label htmlFor="bulk-status">{t('bulkStatus')}</label>
        <select id="bulk-status" name="status" defaultValue="">
          <option value="">{t('bulkNoChange')}</option>
          <OptionList options={statuses} />
        </select>
        <label htmlFor="bulk-department">{t('bulkDepartment')}</label>
        <input id="bulk-department" name="department" type="text" maxLength={100} />
        <label htmlFor="bulk-flag">{t('bulkFlag')}</label>
        <select id="bulk-flag" name="flag" defaultValue="">
          <option value="">{t('bulkNoChange')}</option>
          <OptionList options={flags} />
          <option value="clear">{t('bulkFlagClear')}</option>
        </select>
        <label htmlFor="bulk-reason">{t('bulkReason')}</label>
        <input id="bulk-reason" name="moderationReason" type="text" maxLength={500} />
        <button type="submit" disabled={pending}>
          {t('bulkApply')}
        </button>
      </fieldset>
    </form>
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
  const [state, action, pending] = useActionState(enterPaperSubmissionAction, IDLE);
  const errors = errorsOf(state);
  const ids: Record<string, string> = { channel: 'paper-channel', receivedOn: 'paper-received', name: 'paper-name', address: 'paper-address', category: 'paper-category', email: 'paper-email' };
  for (let i = 0; i < rows; i++) {
    ids[`opinion-${i}-item`] = `opinion-${i}-item`;
    ids[`opinion-${i}-text`] = `opinion-${i}-text`;
  }
  const describedBy = (name: string) => (errors?.[name] ? `${ids[name]}-error` : undefined);
  const done = state.status === 'ok' && state.details;
  return (
    <form action={action} noValidate>
      {state.status === 'error' && state.fieldErrors ? <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={ids} /> : <Outcome state={state} />}
      {done && (
        <p>
          <a href={state.details![1]}>{t('open')}</a>
        </p>
      )}
      <input type="hidden" name="consultation" value={consultation} />
      <div className="field">
        <label htmlFor="paper-channel">{t('channel')}</label>
        <FieldError id="paper-channel-error" messages={errors?.channel} />
        <select id="paper-channel" name="channel" defaultValue="" aria-invalid={errors?.channel ? true : undefined} aria-describedby={describedBy('channel')}>
          <option value="">{t('channelChoose')}</option>
          <OptionList options={channels} />
        </select>
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
          <select id="paper-category" name="category" defaultValue="" aria-invalid={errors?.category ? true : undefined} aria-describedby={describedBy('category')}>
            <option value="">{t('categoryNone')}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
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
            <select id={`opinion-${i}-item`} name={`opinion-${i}-item`} defaultValue="" aria-describedby={describedBy(`opinion-${i}-item`)}>
              <OptionList options={items} />
            </select>
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
      <button type="submit" disabled={pending}>
        {t('save')}
      </button>
    </form>
  );
}

/** Add a category or change an existing code's label and position (admins). */
export function CategoryForm({ consultation }: { consultation: string }) {
  const t = useTranslations('triageCategories');
  const [state, action, pending] = useActionState(saveCategoryAction, IDLE);
  const errors = errorsOf(state);
  return (
    <form action={action} noValidate>
      {state.status === 'error' && state.fieldErrors ? (
        <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ code: 'category-code', label: 'category-label', position: 'category-position' }} />
      ) : (
        <Outcome state={state} />
      )}
      <input type="hidden" name="consultation" value={consultation} />
      <div className="field">
        <label htmlFor="category-code">{t('code')}</label>
        <FieldError id="category-code-error" messages={errors?.code} />
        <input id="category-code" name="code" type="text" maxLength={8} aria-invalid={errors?.code ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="category-label">{t('label')}</label>
        <FieldError id="category-label-error" messages={errors?.label} />
        <input id="category-label" name="label" type="text" maxLength={100} aria-invalid={errors?.label ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="category-position">{t('position')}</label>
        <input id="category-position" name="position" type="number" min={0} max={1000} defaultValue={0} />
      </div>
      <button type="submit" disabled={pending}>
        {t('save')}
      </button>
    </form>
  );
}

export function DeleteCategoryForm({ consultation, code }: { consultation: string; code: string }) {
  const t = useTranslations('triageCategories');
  const [state, action, pending] = useActionState(deleteCategoryAction, IDLE);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="consultation" value={consultation} />
      <input type="hidden" name="code" value={code} />
      <button type="submit" disabled={pending} aria-label={t('deleteLabel', { code })}>
        {t('delete')}
      </button>
      <Outcome state={state} />
    </form>
  );
}
