'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { Field } from '@/components/ui/field';
import { lookUpOpinionsAction } from '@/lib/actions/look-up-opinions';
import { formatDateFor } from '@/lib/format/japanese-date';
import type { LookupFieldError, LookupFound, LookupOpinion, LookupState } from '@/lib/submissions/opinion-lookup-state';
import { parseReceiptNumber } from '@/lib/submissions/receipt-number-check';

type Props = { slug: string; permalink: string; resultsHref: string; caseHref: string };
type Errors = Partial<Record<'receiptNumber' | 'secret', LookupFieldError>>;

const INITIAL: LookupState = { status: 'idle', values: { receiptNumber: '' } };

/**
 * The lookup form and its answer. Without JavaScript the form posts to the action and the server
 * renders the answer; with it, a number whose check character fails is caught here, before any
 * request, and the same action answers without a reload.
 */
export function LookupForm({ slug, permalink, resultsHref, caseHref }: Props) {
  const t = useTranslations('lookup');
  const [state, formAction, pending] = useActionState(lookUpOpinionsAction, INITIAL, permalink);
  const [localErrors, setLocalErrors] = useState<Errors | null>(null);
  const answerRef = useRef<HTMLElement>(null);
  const numberRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const errors: Errors = localErrors ?? (state.status === 'invalid' ? state.errors : {});

  useEffect(() => {
    if (state.status === 'idle') return;
    if (state.status === 'invalid') (state.errors.receiptNumber ? numberRef : secretRef).current?.focus();
    else answerRef.current?.focus();
  }, [state]);

  function checkBeforeSending(event: FormEvent<HTMLFormElement>) {
    const data = new FormData(event.currentTarget);
    const typed = String(data.get('receiptNumber') ?? '');
    const found: Errors = {};
    if (!typed.trim()) found.receiptNumber = 'receiptNumberRequired';
    else if (!parseReceiptNumber(typed)) found.receiptNumber = 'receiptNumberInvalid';
    if (!String(data.get('secret') ?? '').trim()) found.secret = 'secretRequired';
    if (found.receiptNumber || found.secret) {
      event.preventDefault();
      setLocalErrors(found);
      (found.receiptNumber ? numberRef : secretRef).current?.focus();
      return;
    }
    setLocalErrors(null);
  }

  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      <form action={formAction} onSubmit={checkBeforeSending} noValidate className="comment-form lookup-form">
        <input type="hidden" name="slug" value={slug} />
        <fieldset>
          <Field id="lookup-receiptNumber" label={t('receiptNumber')} hint={t('receiptNumberHint')} error={errors.receiptNumber && t(errors.receiptNumber)} hintAs="span" errorAs="span">
            {(control) => (
              <input
                {...control}
                ref={numberRef}
                name="receiptNumber"
                type="text"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={100}
                defaultValue={state.values.receiptNumber}
                key={`n-${state.values.receiptNumber}`}
              />
            )}
          </Field>
          <Field id="lookup-secret" label={t('secret')} hint={t('secretHint')} error={errors.secret && t(errors.secret)} hintAs="span" errorAs="span">
            {(control) => <input {...control} ref={secretRef} name="secret" type="text" autoComplete="email" spellCheck={false} />}
          </Field>
        </fieldset>
        <p className="hint">{t('privacy')}</p>
        <button type="submit" className="button" disabled={pending}>
          {t('submit')}
        </button>
      </form>
      <Answer state={state} answerRef={answerRef} resultsHref={resultsHref} />
      <p>
        <Link href={caseHref}>{t('backToCase')}</Link>
      </p>
    </>
  );
}

function Answer({ state, answerRef, resultsHref }: { state: LookupState; answerRef: React.RefObject<HTMLElement | null>; resultsHref: string }) {
  const t = useTranslations('lookup');
  if (state.status === 'found') return <Found found={state.found} answerRef={answerRef} resultsHref={resultsHref} />;
  const message =
    state.status === 'notFound'
      ? t('notFound')
      : state.status === 'rateLimited'
        ? t('rateLimited', { minutes: state.retryAfterMinutes })
        : state.status === 'error'
          ? t('error')
          : null;
  if (!message) return null;
  return (
    <p className="notice lookup-answer" role="alert" tabIndex={-1} ref={answerRef as React.RefObject<HTMLParagraphElement | null>} data-testid="lookup-answer">
      {message}
    </p>
  );
}

function Found({ found, answerRef, resultsHref }: { found: LookupFound; answerRef: React.RefObject<HTMLElement | null>; resultsHref: string }) {
  const t = useTranslations('lookup');
  const locale = useLocale();
  const item = (itemNumber: number | null, heading: string | null) => (itemNumber === null ? t('whole') : t('itemLabel', { number: itemNumber, heading: heading ?? '' }));
  return (
    <section aria-labelledby="lookup-found" className="lookup-answer" data-testid="lookup-answer">
      <h2 id="lookup-found" tabIndex={-1} ref={answerRef as React.RefObject<HTMLHeadingElement | null>}>
        {t('foundHeading', { receiptNumber: found.receiptNumber })}
      </h2>
      <p>
        {t('receivedAt')}：<time dateTime={found.receivedAt}>{formatDateFor(locale, new Date(found.receivedAt), { withTime: true })}</time>
      </p>
      <ol className="opinion-list">
        {found.opinions.map((o, i) => (
          <li key={i} data-testid="lookup-opinion" data-item={o.itemNumber ?? ''}>
            <h3>{o.part === null ? t('opinion', { number: o.number }) : t('opinionPart', { number: o.number, part: o.part })}</h3>
            <dl className="facts">
              <dt>{t('recordedUnder')}</dt>
              <dd lang={o.itemNumber === null ? undefined : 'ja'}>{item(o.itemNumber, o.heading)}</dd>
            </dl>
            <AnswerOf answer={o.answer} version={found.resultVersion} item={item} />
          </li>
        ))}
      </ol>
      {found.resultVersion !== null && (
        <p>
          <Link href={resultsHref}>{t('resultsLink')}</Link>
        </p>
      )}
    </section>
  );
}

function AnswerOf({ answer, version, item }: { answer: LookupOpinion['answer']; version: number | null; item: (n: number | null, h: string | null) => string }) {
  const t = useTranslations('lookup');
  if (answer.kind === 'pending') return <p>{t('pending')}</p>;
  if (answer.kind === 'absent') return <p>{t('absent')}</p>;
  const { row } = answer;
  return (
    <>
      <p data-testid="lookup-row-no">{t('answeredIn', { no: row.no, version: version ?? 1 })}</p>
      <dl className="facts" data-testid="lookup-row">
        <dt>{t('colItem')}</dt>
        <dd lang={row.itemNumber === null ? undefined : 'ja'}>{item(row.itemNumber, row.heading)}</dd>
        <dt>{t('colSummary')}</dt>
        <dd>
          <ul className="summaries" lang="ja">
            {row.summaries.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('colResponse')}</dt>
        <dd className="pre-line" lang="ja">
          {row.response}
        </dd>
        <dt>{t('colKind')}</dt>
        <dd>
          {row.categoryCode} <span lang="ja">{row.categoryLabel}</span>
        </dd>
      </dl>
    </>
  );
}
