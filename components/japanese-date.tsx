import { formatDateFor, isoDateInJapan } from '@/lib/format/japanese-date';
import { requestLocale } from '@/lib/i18n/server';

/** A date as the city writes it (in other languages, as the reader's language does), machine-readable in `dateTime`. */
export async function JapaneseDate({ value }: { value: string | Date }) {
  const date = new Date(value);
  return <time dateTime={isoDateInJapan(date)}>{formatDateFor(await requestLocale(), date)}</time>;
}
