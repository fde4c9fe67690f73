'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { startTransition, useActionState, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useFieldArray, useForm, type Resolver } from 'react-hook-form';
import type { CommentFormState } from '@/lib/actions/comment-form-state';
import { submitCommentAction } from '@/lib/actions/submit-comment';
import { formatDateFor } from '@/lib/format/japanese-date';
import type { CommentErrorKey } from '@/lib/validation/comment';
import type { CommentFormSettings } from '@/db/schema/comment-form-settings';
import { itemNumberFromField, type CommentFormValues } from '@/lib/validation/comment-form-data';
import { OpinionCharCount } from './opinion-char-count';

type Item = { number: number; heading: string };

type Props = {
  slug: string;
  /** The case page in the form's language. */
  caseHref: string;
  /** Where the form posts without JavaScript: this page's own URL (an empty `action` is invalid HTML). */
  permalink: string;
  title: string;
  settings: CommentFormSettings;
  items: Item[];
  initial: CommentFormState;
};

const fieldId = (path: string) => `field-${path.replace(/\./g, '-')}`;

/**
 * The form's resolver, with zod (most of the form's script) loaded when the resident first
 * enters a field (`preload`) instead of with the page, so that it is there when a field is left.
 * The schema is the server's own. Should the script fail to load, the form goes to the server,
 * which validates every post anyway.
 */
function lazyCommentResolver(settings: CommentFormSettings, itemNumbers: number[]) {
  let loading: Promise<Resolver<CommentFormValues>> | undefined;
  const load = () =>
    (loading ??= Promise.all([import('@hookform/resolvers/zod'), import('@/lib/validation/comment')]).then(
      ([{ zodResolver }, { commentSchema }]) => zodResolver(commentSchema({ settings, itemNumbers })) as unknown as Resolver<CommentFormValues>,
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const resolver: Resolver<CommentFormValues> = async (values, context, options) => {
    try {
      return await (await load())(values, context, options);
    } catch {
      return { values, errors: {} };
    }
  };
  return { resolver, preload: () => void load().catch(() => undefined) };
}
const draftKey = (slug: string) => `comment-draft:${slug}`;

/**
 * The comment form, its confirmation and its receipt. One server action drives every step, so
 * with JavaScript off each button posts the form and the server renders the next state; with
 * JavaScript on the same action is called without a reload, after inline validation.
 */
export function CommentForm({ slug, caseHref, permalink, title, settings, items, initial }: Props) {
  // Not bound to the slug: a bound action hangs the server on a post without JavaScript
  // (vercel/next.js#57867), so the slug travels in a hidden field.
  const [state, formAction, pending] = useActionState(submitCommentAction, initial, permalink);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [state.step]);

  useEffect(() => {
    if (state.step === 'done' || state.step === 'replayed') window.localStorage.removeItem(draftKey(slug));
  }, [state.step, slug]);

  if (state.step === 'done') return <Receipt caseHref={caseHref} state={state} headingRef={heading} />;
  if (state.step === 'replayed') return <Replayed caseHref={caseHref} receiptNumber={state.receiptNumber} headingRef={heading} />;
  if (state.step === 'confirm') {
    return <Confirm slug={slug} state={state} items={items} formAction={formAction} pending={pending} headingRef={heading} />;
  }
  return (
    <EditForm
      key={JSON.stringify(state)}
      slug={slug}
      title={title}
      settings={settings}
      items={items}
      state={state}
      isInitial={state === initial}
      formAction={formAction}
      pending={pending}
      headingRef={heading}
    />
  );
}

function Steps({ current }: { current: 0 | 1 | 2 }) {
  const t = useTranslations('comment');
  const labels = [t('stepInput'), t('stepConfirm'), t('stepDone')];
  return (
    <ol className="steps" aria-label={t('steps')}>
      {labels.map((label, i) => (
        <li key={label} aria-current={i === current ? 'step' : undefined} className={i === current ? 'current' : undefined}>
          {label}
        </li>
      ))}
    </ol>
  );
}

type EditProps = {
  slug: string;
  title: string;
  settings: CommentFormSettings;
  items: Item[];
  state: Extract<CommentFormState, { step: 'edit' }>;
  isInitial: boolean;
  formAction: (formData: FormData) => void;
  pending: boolean;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
};

function EditForm({ slug, title, settings, items, state, isInitial, formAction, pending, headingRef }: EditProps) {
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
  useEffect(() => {
    return subscribe({
      formState: { values: true },
      callback: ({ values }) => {
        const hasText = values.opinions?.some((o) => o?.text?.trim()) || values.submitter?.name?.trim();
        if (hasText) window.localStorage.setItem(draftKey(slug), JSON.stringify(values));
      },
    });
  }, [subscribe, slug]);

  // Server errors shown before hydration stay; client errors take over while typing.
  const clientErrors = flattenErrors(formState.errors, (key) => tErrors(isErrorKey(key) ? key : 'invalid'));
  const errors = { ...state.errors, ...clientErrors };
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

  const describedBy = (path: string, hint?: string) =>
    [hint, errors[path] ? `${fieldId(path)}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (path: string) =>
    errors[path] ? (
      <span id={`${fieldId(path)}-error`} className="field-error">
        {errors[path]}
      </span>
    ) : null;
  const req = (required: boolean) => (
    <span className={required ? 'required' : 'optional'}>{required ? t('required') : t('optional')}</span>
  );

  return (
    <>
      <Steps current={0} />
      <h1 ref={headingRef} tabIndex={-1}>
        {t('title')}
      </h1>
      <p>{t('lead', { title })}</p>

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
          <div className="field">
            <label htmlFor={fieldId('submitter.name')}>
              {t('name')} {req(settings.required.name)}
            </label>
            <input
              id={fieldId('submitter.name')}
              type="text"
              autoComplete="name"
              defaultValue={state.values.submitter.name}
              aria-required={settings.required.name}
              aria-invalid={Boolean(errors['submitter.name'])}
              aria-describedby={describedBy('submitter.name', 'hint-name')}
              {...register('submitter.name')}
            />
            <span id="hint-name" className="hint">
              {t('nameHint')}
            </span>
            {fieldError('submitter.name')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('submitter.address')}>
              {t('address')} {req(settings.required.address)}
            </label>
            <input
              id={fieldId('submitter.address')}
              type="text"
              autoComplete="address-line1"
              defaultValue={state.values.submitter.address}
              aria-required={settings.required.address}
              aria-invalid={Boolean(errors['submitter.address'])}
              aria-describedby={describedBy('submitter.address', 'hint-address')}
              {...register('submitter.address')}
            />
            <span id="hint-address" className="hint">
              {t('addressHint')}
            </span>
            {fieldError('submitter.address')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('submitter.category')}>
              {t('category')} {req(settings.required.category)}
            </label>
            <select
              id={fieldId('submitter.category')}
              defaultValue={state.values.submitter.category}
              aria-required={settings.required.category}
              aria-invalid={Boolean(errors['submitter.category'])}
              aria-describedby={describedBy('submitter.category')}
              {...register('submitter.category')}
            >
              <option value="">{t('categoryChoose')}</option>
              {settings.categories.map((c) => (
                <option key={c} value={c} lang="ja">
                  {c}
                </option>
              ))}
            </select>
            {fieldError('submitter.category')}
          </div>
          <div className="field">
            <label htmlFor={fieldId('submitter.email')}>
              {t('email')} {req(settings.required.email)}
            </label>
            <input
              id={fieldId('submitter.email')}
              type="email"
              autoComplete="email"
              inputMode="email"
              defaultValue={state.values.submitter.email}
              aria-required={settings.required.email}
              aria-invalid={Boolean(errors['submitter.email'])}
              aria-describedby={describedBy('submitter.email', 'hint-email')}
              {...register('submitter.email')}
            />
            <span id="hint-email" className="hint">
              {t('emailHint')}
            </span>
            {fieldError('submitter.email')}
          </div>
        </fieldset>

        <h2 id={fieldId('opinions')} tabIndex={-1}>
          {t('opinionsHeading')}
        </h2>
        {fieldError('opinions')}
        {opinions.fields.map((field, i) => {
          const value = state.values.opinions[i];
          return (
            <fieldset key={field.id} className="opinion">
              <legend>{t('opinionLegend', { index: i + 1 })}</legend>
              <div className="field">
                <label htmlFor={fieldId(`opinions.${i}.itemNumber`)}>{t('opinionTarget')}</label>
                <select
                  id={fieldId(`opinions.${i}.itemNumber`)}
                  defaultValue={value?.itemNumber == null ? (field.itemNumber == null ? '' : String(field.itemNumber)) : String(value.itemNumber)}
                  aria-invalid={Boolean(errors[`opinions.${i}.itemNumber`])}
                  aria-describedby={describedBy(`opinions.${i}.itemNumber`)}
                  {...register(`opinions.${i}.itemNumber`, { setValueAs: itemNumberFromField })}
                >
                  <option value="">{t('opinionWhole')}</option>
                  {itemOptions}
                </select>
                {fieldError(`opinions.${i}.itemNumber`)}
              </div>
              <div className="field">
                <label htmlFor={fieldId(`opinions.${i}.text`)}>
                  {t('opinionText')} {req(true)}
                </label>
                <textarea
                  id={fieldId(`opinions.${i}.text`)}
                  rows={8}
                  defaultValue={value?.text ?? field.text}
                  aria-required
                  aria-invalid={Boolean(errors[`opinions.${i}.text`])}
                  aria-describedby={describedBy(`opinions.${i}.text`, `hint-opinion-${i} count-opinion-${i}`)}
                  {...register(`opinions.${i}.text`)}
                />
                <span id={`hint-opinion-${i}`} className="hint">
                  {t('opinionHint')}
                </span>
                <OpinionCharCount control={control} index={i} id={`count-opinion-${i}`} />
                {fieldError(`opinions.${i}.text`)}
              </div>
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
            aria-invalid={Boolean(errors.consent)}
            aria-describedby={describedBy('consent')}
            {...register('consent')}
          />
          <label htmlFor={fieldId('consent')}>{t('consent')}</label>
          {fieldError('consent')}
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

/**
 * A draft kept from an earlier visit (a closed or crashed tab), offered back. Only the browser
 * knows it, so it appears after hydration; its own state keeps the form from rendering again.
 */
function DraftOffer({ slug, onRestore }: { slug: string; onRestore: (values: CommentFormValues) => void }) {
  const t = useTranslations('comment');
  const [draft, setDraft] = useState<CommentFormValues | null>(null);
  useEffect(() => {
    let saved: CommentFormValues | null = null;
    try {
      const raw = window.localStorage.getItem(draftKey(slug));
      saved = raw ? (JSON.parse(raw) as CommentFormValues) : null;
    } catch {
      window.localStorage.removeItem(draftKey(slug));
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    if (saved) setDraft(saved);
  }, [slug]);
  if (!draft) return null;
  return (
    <div className="notice" role="region" aria-label={t('draftFound')}>
      <p>{t('draftFound')}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          onRestore(draft);
          setDraft(null);
        }}
      >
        {t('draftRestore')}
      </button>{' '}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          window.localStorage.removeItem(draftKey(slug));
          setDraft(null);
        }}
      >
        {t('draftDiscard')}
      </button>
    </div>
  );
}

/** Says that the draft is kept: true only once the script runs, so not rendered on the server. */
function DraftSavedNote() {
  const t = useTranslations('comment');
  const [hydrated, setHydrated] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- true only after hydration
  useEffect(() => setHydrated(true), []);
  return hydrated ? <p className="hint">{t('draftSaved')}</p> : null;
}

function isErrorKey(key: string): key is CommentErrorKey {
  return /^[a-zA-Z]+$/.test(key);
}

/** react-hook-form's nested errors as `path → message`. */
function flattenErrors(errors: object, translate: (key: string) => string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof (value as { message?: unknown }).message === 'string' && (value as { message: string }).message) {
      out[path] = translate((value as { message: string }).message);
    }
    if (key !== 'ref') Object.assign(out, flattenErrors(value as object, translate, path));
  }
  delete out.ref;
  return Object.fromEntries(Object.entries(out).filter(([path]) => !path.endsWith('.ref') && !path.endsWith('.root')));
}

function HiddenValues({ values }: { values: CommentFormValues }) {
  return (
    <>
      <input type="hidden" name="submitter.name" value={values.submitter.name} />
      <input type="hidden" name="submitter.address" value={values.submitter.address} />
      <input type="hidden" name="submitter.category" value={values.submitter.category} />
      <input type="hidden" name="submitter.email" value={values.submitter.email} />
      {values.opinions.map((o, i) => (
        <span key={i} hidden>
          <input type="hidden" name={`opinions.${i}.itemNumber`} value={o.itemNumber ?? ''} />
          <input type="hidden" name={`opinions.${i}.text`} value={o.text} />
        </span>
      ))}
      {values.consent && <input type="hidden" name="consent" value="on" />}
    </>
  );
}

function Confirm({
  slug,
  state,
  items,
  formAction,
  pending,
  headingRef,
}: {
  slug: string;
  state: Extract<CommentFormState, { step: 'confirm' }>;
  items: Item[];
  formAction: (formData: FormData) => void;
  pending: boolean;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const t = useTranslations('comment');
  const { values } = state;
  const label = (n: number | null) =>
    n === null ? t('opinionWhole') : t('opinionItem', { number: n, heading: items.find((i) => i.number === n)?.heading ?? '' });
  return (
    <>
      <Steps current={1} />
      <h1 ref={headingRef} tabIndex={-1}>
        {t('confirmTitle')}
      </h1>
      {state.message && (
        <div className="error-summary" role="alert">
          <p>{state.message}</p>
        </div>
      )}
      <p>{t('confirmLead')}</p>
      <h2>{t('submitterHeading')}</h2>
      <dl className="facts">
        <dt>{t('name')}</dt>
        <dd>{values.submitter.name}</dd>
        <dt>{t('address')}</dt>
        <dd>{values.submitter.address}</dd>
        <dt>{t('category')}</dt>
        <dd>{values.submitter.category || '—'}</dd>
        <dt>{t('email')}</dt>
        <dd>{values.submitter.email || '—'}</dd>
      </dl>
      <h2>{t('opinionsHeading')}</h2>
      <OpinionList opinions={values.opinions.map((o) => ({ label: label(o.itemNumber), official: o.itemNumber !== null, text: o.text }))} />
      <form action={formAction} className="confirm-actions">
        <input type="hidden" name="slug" value={slug} />
        <HiddenValues values={values} />
        <input type="hidden" name="idempotencyKey" value={state.idempotencyKey} />
        <button type="submit" name="intent" value="send" className="button" disabled={pending} aria-disabled={pending}>
          {pending ? t('sending') : t('send')}
        </button>
        <button type="submit" name="intent" value="edit" className="button button-secondary" disabled={pending}>
          {t('back')}
        </button>
      </form>
    </>
  );
}

/** `official`: the label names an item, in the case's Japanese. */
function OpinionList({ opinions }: { opinions: { label: string; official: boolean; text: string }[] }) {
  const t = useTranslations('comment');
  return (
    <ol className="opinion-list">
      {opinions.map((o, i) => (
        <li key={i}>
          <h3>
            {t('opinionLegend', { index: i + 1 })}：<span lang={o.official ? 'ja' : undefined}>{o.label}</span>
          </h3>
          <p className="opinion-text">{o.text}</p>
        </li>
      ))}
    </ol>
  );
}

/** The same send a second time: the receipt number, nothing of what was sent. */
function Replayed({ caseHref, receiptNumber, headingRef }: { caseHref: string; receiptNumber: string; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const t = useTranslations('comment');
  return (
    <>
      <ReceiptHeading lead={t('replayedLead')} receiptNumber={receiptNumber} headingRef={headingRef} caseHref={caseHref} />
      <p>
        <Link href={caseHref}>{t('backToCase')}</Link>
      </p>
    </>
  );
}

/** The steps, the heading and the receipt number, as the receipt and a replay show them. */
function ReceiptHeading({
  lead,
  receiptNumber,
  headingRef,
  caseHref,
  children,
}: {
  lead: string;
  receiptNumber: string;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  caseHref: string;
  children?: React.ReactNode;
}) {
  const t = useTranslations('comment');
  return (
    <>
      <Steps current={2} />
      <h1 ref={headingRef} tabIndex={-1}>
        {t('receiptTitle')}
      </h1>
      <p>{lead}</p>
      <div className="receipt-box">
        <p>
          {t('receiptNumber')}
          <strong className="receipt-number" data-testid="receipt-number">
            {receiptNumber}
          </strong>
        </p>
        {children}
      </div>
      <p>
        <Link href={`${caseHref}/lookup`}>{t('lookupLink')}</Link>
      </p>
    </>
  );
}

function Receipt({
  caseHref,
  state,
  headingRef,
}: {
  caseHref: string;
  state: Extract<CommentFormState, { step: 'done' }>;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const t = useTranslations('comment');
  const { receipt } = state;
  const receivedAt = formatDateFor(useLocale(), new Date(receipt.receivedAt), { withTime: true });
  return (
    <>
      <ReceiptHeading lead={t('receiptLead')} receiptNumber={receipt.receiptNumber} headingRef={headingRef} caseHref={caseHref}>
        <p>
          {t('receivedAt')}：<time dateTime={receipt.receivedAt}>{receivedAt}</time>
        </p>
      </ReceiptHeading>
      <p>{receipt.submitter.email ? t('mailSent') : t('noMail')}</p>
      <h2>{t('received')}</h2>
      <p lang="ja">{receipt.consultationTitle}</p>
      <dl className="facts">
        <dt>{t('name')}</dt>
        <dd>{receipt.submitter.name}</dd>
        <dt>{t('address')}</dt>
        <dd>{receipt.submitter.address}</dd>
        <dt>{t('category')}</dt>
        <dd>{receipt.submitter.category ?? '—'}</dd>
        <dt>{t('email')}</dt>
        <dd>{receipt.submitter.email ?? '—'}</dd>
      </dl>
      <OpinionList opinions={receipt.opinions.map((o) => ({ label: o.itemLabel, official: o.itemNumber !== null, text: o.text }))} />
      <p>
        {/* A data: URL, so the copy downloads without JavaScript and without another request. */}
        <a href={`data:text/plain;charset=utf-8;base64,${base64Utf8(receiptCopyText(t, receipt, receivedAt))}`} download={`${receipt.receiptNumber}.txt`}>
          {t('downloadCopy')}
        </a>
      </p>
      <p>
        <Link href={caseHref}>{t('backToCase')}</Link>
      </p>
    </>
  );
}

/** The full 控え as plain text: what the receipt page shows (the mail carries none of it). */
function receiptCopyText(t: ReturnType<typeof useTranslations<'comment'>>, receipt: Extract<CommentFormState, { step: 'done' }>['receipt'], receivedAt: string): string {
  const { submitter } = receipt;
  return [
    t('copyFileHeading', { title: receipt.consultationTitle, receiptNumber: receipt.receiptNumber, receivedAt }),
    '',
    `${t('name')}：${submitter.name}`,
    `${t('address')}：${submitter.address}`,
    `${t('category')}：${submitter.category ?? '—'}`,
    `${t('email')}：${submitter.email ?? '—'}`,
    ...receipt.opinions.flatMap((o) => ['', `■ ${o.itemLabel}`, o.text]),
    '',
  ].join('\n');
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
