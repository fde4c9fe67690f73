'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import type { ReactNode, RefObject } from 'react';
import type { CommentFormState } from '@/lib/actions/comment-form-state';
import { formatDateFor } from '@/lib/format/japanese-date';
import { OpinionList } from './opinion-list';
import { receiptCopyHref, receiptCopyText } from './receipt-copy';
import { Steps } from './steps';
import { SubmitterCategory } from './submitter-category';

type HeadingRef = RefObject<HTMLHeadingElement | null>;

/** Step 3: the receipt number, what was received, and the 控え to download. */
export function ReceiptStep({ caseHref, state, headingRef }: { caseHref: string; state: Extract<CommentFormState, { step: 'done' }>; headingRef: HeadingRef }) {
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
        <dd>{receipt.submitter.category ? <SubmitterCategory value={receipt.submitter.category} /> : '—'}</dd>
        <dt>{t('email')}</dt>
        <dd>{receipt.submitter.email ?? '—'}</dd>
      </dl>
      <OpinionList opinions={receipt.opinions.map((o) => ({ label: o.itemLabel, official: o.itemNumber !== null, text: o.text }))} />
      <p>
        <a href={receiptCopyHref(receiptCopyText(t, receipt, receivedAt))} download={`${receipt.receiptNumber}.txt`}>
          {t('downloadCopy')}
        </a>
      </p>
      <p>
        <Link href={caseHref}>{t('backToCase')}</Link>
      </p>
    </>
  );
}

/** The same send a second time: the receipt number, nothing of what was sent. */
export function ReplayedStep({ caseHref, receiptNumber, headingRef }: { caseHref: string; receiptNumber: string; headingRef: HeadingRef }) {
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
function ReceiptHeading({ lead, receiptNumber, headingRef, caseHref, children }: { lead: string; receiptNumber: string; headingRef: HeadingRef; caseHref: string; children?: ReactNode }) {
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
