import 'server-only';
import { formatDateFor } from '@/lib/format/japanese-date';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { commentTranslators } from '@/lib/i18n/translate';
import { charCount } from '@/lib/validation/text';
import type { SubmissionReceipt } from './receipt';

/**
 * The receipt mail, in the form's language. Nobody has verified that the address belongs to
 * the submitter, so the city's sender must not carry what was typed to a stranger (an
 * attacker's text or links, or a resident's name and opinions to a mistyped address): the
 * receipt number, the case, the items and the number of characters only. The full 控え is on
 * the receipt page (SECURITY.md).
 */
export function receiptMail(
  form: { title: string; department: string },
  receipt: SubmissionReceipt,
  locale: Locale = DEFAULT_LOCALE,
): { subject: string; body: string } {
  return receiptMailText(form, receipt, locale, formatDateFor(locale, new Date(receipt.receivedAt), { withTime: true }));
}

/** The receipt mail with the time of receipt given as text (a placeholder while the database decides it). */
export function receiptMailText(
  form: { title: string; department: string },
  receipt: Pick<SubmissionReceipt, 'receiptNumber' | 'opinions'>,
  locale: Locale,
  receivedAt: string,
): { subject: string; body: string } {
  const translateComment = commentTranslators(locale).comment;
  return {
    subject: translateComment('mailSubject', { receiptNumber: receipt.receiptNumber }),
    body: translateComment('mailBody', {
      title: form.title,
      receiptNumber: receipt.receiptNumber,
      receivedAt,
      count: receipt.opinions.length,
      opinions: receipt.opinions.map((o) => translateComment('mailOpinion', { target: o.itemLabel, characters: charCount(o.text) })).join('\n'),
      department: form.department,
    }),
  };
}

export const MINUTE_MS = 60_000;

/** Formatted times of receipt per language and minute (a few entries live at a time). */
const receivedAtTexts = new Map<string, string>();

/** The time of receipt as the mail states it (to the minute, in Japan), for the minute `minute` since 1970. */
export function receivedAtText(locale: Locale, minute: number): string {
  const key = `${locale} ${minute}`;
  let text = receivedAtTexts.get(key);
  if (text === undefined) {
    text = formatDateFor(locale, new Date(minute * MINUTE_MS), { withTime: true });
    if (receivedAtTexts.size >= 64) receivedAtTexts.delete(receivedAtTexts.keys().next().value!);
    receivedAtTexts.set(key, text);
  }
  return text;
}
