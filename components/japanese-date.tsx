import { formatJapaneseDate, isoDateInJapan } from '@/lib/format/japanese-date';

/** A date as the city writes it, machine-readable in `dateTime`. */
export function JapaneseDate({ value }: { value: string | Date }) {
  const date = new Date(value);
  return <time dateTime={isoDateInJapan(date)}>{formatJapaneseDate(date)}</time>;
}
