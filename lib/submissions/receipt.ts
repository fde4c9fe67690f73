import 'server-only';
import type { Locale } from '@/lib/i18n/locales';
import { commentTranslators } from '@/lib/i18n/translate';

/** What the submitter may see of their own submission (the receipt page, the API). */
export type SubmissionReceipt = {
  receiptNumber: string;
  receivedAt: string;
  consultationTitle: string;
  submitter: { name: string; address: string; category: string | null; email: string | null };
  opinions: { itemNumber: number | null; itemLabel: string; text: string }[];
};

/** What an opinion was about, as the receipt and its mail name it: `No.2 数値目標` or 全体について. */
export function itemLabel(form: { items: { number: number; heading: string }[] }, itemNumber: number | null, locale: Locale): string {
  const translateComment = commentTranslators(locale).comment;
  if (itemNumber === null) return translateComment('opinionWhole');
  const heading = form.items.find((i) => i.number === itemNumber)?.heading ?? '';
  return translateComment('opinionItem', { number: itemNumber, heading });
}
