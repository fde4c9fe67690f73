'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useEffect, useMemo, useRef, type FormEvent, type RefObject } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { Field, FieldErrorText, describedByOf } from '@/components/ui/field';
import type { CommentFormState } from '@/lib/actions/comment-form-state';
import type { CommentFormSettings } from '@/db/schema/comment-form-settings';
import { itemNumberFromField, type CommentFormValues } from '@/lib/validation/comment-form-data';
import { DraftOffer, DraftSavedNote } from './draft-offer';
import { saveDraft } from './draft-store';
import { fieldId, flattenErrors, isCommentErrorKey } from './field-errors';
import { lazyCommentResolver } from './lazy-comment-resolver';
import { OpinionCharCount } from './opinion-char-count';
import { submitterCategoryKey } from '@/lib/i18n/submitter-categories';
import { Steps } from './steps';
import { SubmitterCategoryMeanings } from './submitter-category';

type Item = { number: number; heading: string };

type Props = {
  slug: string;
  title: string;
  settings: CommentFormSettings;
  items: Item[];
  state: Extract<CommentFormState, { step: 'edit' }>;
  isInitial: boolean;
  formAction: (formData: FormData) => void;
  pending: boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
};

/**
 * Step 1: the submitter, the opinions and the consent. Fields are checked when left (with the
 * server's schema, loaded lazily); 確認画面へ goes to the server, which validates again.
 */
export function InputStep({ slug, title, settings, items, state, isInitial, formAction, pending, headingRef }: Props) {
  const t = useTranslations('comment');
  const tErrors = useTranslations('commentErrors');
  const { resolver, preload } = useMemo(() => lazyCommentResolver(settings, items.map((i) => i.number)), [settings, items]);
  const form = useForm<CommentFormValues>({
    defaultValues: state.values,
    resolver,
    mode: 'onTouched',
    // Focus goes to the error summary (as after a post without JavaScript), which lists and links every field.
    shouldFocusError: false,
  });
  const { register, control, formState, handleSubmit, reset, subscribe } = form;
  const opinions = useFieldArray({ control, name: 'opinions' });
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // The same 52 options in every opinion's select, built once: re-renders while typing reuse them.
  const itemOptions = useMemo(
    () =>
      items.map((item) => (
        <option key={item.number} value={item.number} lang="ja">
          {t('opinionItem', { number: item.number, heading: item.heading })}
        </option>
      )),
    [items, t],
  );

  // Keep the draft while the resident types.
  useEffect(() => subscribe({ formState: { values: true }, callback: ({ values }) => saveDraft(slug, values) }), [subscribe, slug]);

  // Server errors shown before hydration stay; client errors take over while typing.
  const clientErrors = flattenErrors(formState.errors, (key) => tErrors(isCommentErrorKey(key) ? key : 'invalid'));
  const errors: Record<string, string | undefined> = { ...state.errors, ...clientErrors };
  const errorEntries = Object.entries(errors);
  const hasServerErrors = Object.keys(state.errors).length > 0;

  useEffect(() => {
    if (hasServerErrors || state.message) summaryRef.current?.focus();
  }, [state, hasServerErrors]);

  // A send the browser refused: focus the summary once it is rendered (the commit after the
  // submit), not while the resident types and fields are checked on leaving them.
  const { submitCount, isSubmitSuccessful } = formState;
  useEffect(() => {
    if (submitCount > 0 && !isSubmitSuccessful) summaryRef.current?.focus();
  }, [submitCount, isSubmitSuccessful]);
  // The summary (an alert) comes with a send, not while fields are left: announced and inserted
  // above the form while the resident tabs through it, it would push the focused field off screen.
  const showSummary = Boolean(state.message) || (errorEntries.length > 0 && (submitCount > 0 || hasServerErrors));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value !== 'confirm') return;
    event.preventDefault();
    void handleSubmit(() => {
      const data = new FormData(formRef.current!, submitter);
      startTransition(() => formAction(data));
    })(event);
  };

  const req = (required: boolean) => (
    <span className={required ? 'required' : 'optional'}>{required ? t('required') : t('optional')}</span>
  );
  // The resident form's fields: hint and error below the control, as spans.
  const below = { notes: 'below', hintAs: 'span', errorAs: 'span' } as const;

  return (
    <>
      <Steps current={0} />
      <h1 ref={headingRef} tabIndex={-1}>
        {t('title')}
      </h1>
      <p>{t.rich('lead', { title, ja: (chunks) => <span lang="ja">{chunks}</span> })}</p>

      {isInitial && <DraftOffer slug={slug} onRestore={reset} />}

      {showSummary && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
          {state.message && <p>{state.message}</p>}
          {errorEntries.length > 0 && (
            <>
              <h2>{t('errorSummary', { count: errorEntries.length })}</h2>
              <ul>
                {errorEntries.map(([path, message]) => (
                  <li key={path}>
                    <a href={`#${fieldId(path === 'opinions' ? 'opinions.0.text' : path)}`}>{message}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      <form ref={formRef} action={formAction} onSubmit={onSubmit} onFocus={preload} noValidate className="comment-form">
        <input type="hidden" name="slug" value={slug} />
        <fieldset>
          <legend>{t('submitterHeading')}</legend>
          <Field {...below} id={fieldId('submitter.name')} label={<>{t('name')} {req(settings.required.name)}</>} hint={t('nameHint')} error={errors['submitter.name']}>
            {(control) => (
              <input {...control} type="text" autoComplete="name" defaultValue={state.values.submitter.name} aria-required={settings.required.name} {...register('submitter.name')} />
            )}
          </Field>
          <Field {...below} id={fieldId('submitter.address')} label={<>{t('address')} {req(settings.required.address)}</>} hint={t('addressHint')} error={errors['submitter.address']}>
            {(control) => (
              <input {...control} type="text" autoComplete="address-line1" defaultValue={state.values.submitter.address} aria-required={settings.required.address} {...register('submitter.address')} />
            )}
          </Field>
          <Field {...below} id={fieldId('submitter.category')} label={<>{t('category')} {req(settings.required.category)}</>} hint={settings.categories.some((c) => submitterCategoryKey(c) !== null) ? <SubmitterCategoryMeanings categories={settings.categories} /> : undefined} error={errors['submitter.category']}>
            {(control) => (
              <select {...control} defaultValue={state.values.submitter.category} aria-required={settings.required.category} {...register('submitter.category')}>
                <option value="">{t('categoryChoose')}</option>
                {settings.categories.map((c) => (
                  <option key={c} value={c} lang="ja">
                    {c}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field {...below} id={fieldId('submitter.email')} label={<>{t('email')} {req(settings.required.email)}</>} hint={t('emailHint')} error={errors['submitter.email']}>
            {(control) => (
              <input
                {...control}
                type="email"
                autoComplete="email"
                inputMode="email"
                defaultValue={state.values.submitter.email}
                aria-required={settings.required.email}
                {...register('submitter.email')}
              />
            )}
          </Field>
        </fieldset>

        <h2 id={fieldId('opinions')} tabIndex={-1}>
          {t('opinionsHeading')}
        </h2>
        <FieldErrorText id={fieldId('opinions')} error={errors.opinions} as="span" />
        {opinions.fields.map((field, i) => {
          const value = state.values.opinions[i];
          return (
            <fieldset key={field.id} className="opinion">
              <legend>{t('opinionLegend', { index: i + 1 })}</legend>
              <Field {...below} id={fieldId(`opinions.${i}.itemNumber`)} label={t('opinionTarget')} error={errors[`opinions.${i}.itemNumber`]}>
                {(control) => (
                  <select
                    {...control}
                    defaultValue={value?.itemNumber == null ? (field.itemNumber == null ? '' : String(field.itemNumber)) : String(value.itemNumber)}
                    {...register(`opinions.${i}.itemNumber`, { setValueAs: itemNumberFromField })}
                  >
                    <option value="">{t('opinionWhole')}</option>
                    {itemOptions}
                  </select>
                )}
              </Field>
              <Field
                {...below}
                id={fieldId(`opinions.${i}.text`)}
                label={<>{t('opinionText')} {req(true)}</>}
                hint={t('opinionHint')}
                after={<OpinionCharCount control={control} index={i} id={`count-opinion-${i}`} />}
                afterId={`count-opinion-${i}`}
                error={errors[`opinions.${i}.text`]}
              >
                {(control) => <textarea {...control} rows={8} defaultValue={value?.text ?? field.text} aria-required {...register(`opinions.${i}.text`)} />}
              </Field>
              {opinions.fields.length > 1 && (
                <button
                  type="submit"
                  name="intent"
                  value={`remove:${i}`}
                  className="button button-secondary"
                  onClick={(event) => {
                    event.preventDefault();
                    opinions.remove(i);
                  }}
                >
                  {t('removeOpinion', { index: i + 1 })}
                </button>
              )}
            </fieldset>
          );
        })}
        <p>
          <button
            type="submit"
            name="intent"
            value="add"
            className="button button-secondary"
            onClick={(event) => {
              event.preventDefault();
              opinions.append({ itemNumber: null, text: '' });
            }}
          >
            {t('addOpinion')}
          </button>
        </p>

        <h2>{t('privacyHeading')}</h2>
        <p className="privacy">{t('privacyBody')}</p>
        <div className="field field-check">
          <input
            id={fieldId('consent')}
            type="checkbox"
            defaultChecked={state.values.consent}
            aria-invalid={errors.consent ? true : undefined}
            aria-describedby={describedByOf(fieldId('consent'), { error: Boolean(errors.consent) })}
            {...register('consent')}
          />
          <label htmlFor={fieldId('consent')}>{t('consent')}</label>
          <FieldErrorText id={fieldId('consent')} error={errors.consent} as="span" />
        </div>

        <div className="hp" aria-hidden="true">
          <label htmlFor="website">{t('honeypot')}</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>

        <DraftSavedNote />
        <button type="submit" name="intent" value="confirm" className="button" disabled={pending}>
          {t('toConfirm')}
        </button>
      </form>
    </>
  );
}
