import type { useTranslations } from 'next-intl';
import type { CommentFormState } from '@/lib/actions/comment-form-state';

type Receipt = Extract<CommentFormState, { step: 'done' }>['receipt'];

/** The full 控え as plain text: what the receipt page shows (the mail carries none of it). */
export function receiptCopyText(t: ReturnType<typeof useTranslations<'comment'>>, receipt: Receipt, receivedAt: string): string {
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

/** The 控え as a data: URL, so it downloads without JavaScript and without another request. */
export function receiptCopyHref(text: string): string {
  return `data:text/plain;charset=utf-8;base64,${base64Utf8(text)}`;
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
