'use client';

import { useTranslations } from 'next-intl';
import type { RefObject } from 'react';
import type { CommentFormState } from '@/lib/actions/comment-form-state';
import type { CommentFormValues } from '@/lib/validation/comment-form-data';
import { OpinionList } from './opinion-list';
import { Steps } from './steps';
import { SubmitterCategory } from './submitter-category';

type Item = { number: number; heading: string };

/** Step 2: what will be sent, read back; 送信する posts it with the idempotency key, 戻る returns to the input. */
export function ConfirmStep({
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
  headingRef: RefObject<HTMLHeadingElement | null>;
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
        <dd>{values.submitter.category ? <SubmitterCategory value={values.submitter.category} /> : '—'}</dd>
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

/** The confirmed values, posted again with 送信する or 戻る (the server keeps nothing between steps). */
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
