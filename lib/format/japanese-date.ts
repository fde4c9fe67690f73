const TIME_ZONE = 'Asia/Tokyo';

/** Era starts (first day, in Japan), newest first. */
const ERAS = [
  { name: '令和', start: { year: 2019, month: 5, day: 1 } },
  { name: '平成', start: { year: 1989, month: 1, day: 8 } },
] as const;

type DateParts = { year: number; month: number; day: number; hour: number; minute: number };

// One formatter for every call: creating one costs about 0.2 ms and memory V8 is slow to give
// back, which an export of a million dates (two per row) turned into minutes and gigabytes.
const JAPAN_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

function partsInJapan(date: Date): DateParts {
  const parts = JAPAN_PARTS.formatToParts(date);
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute') };
}

function eraYear({ year, month, day }: DateParts): string {
  const era = ERAS.find(({ start }) =>
    year !== start.year ? year > start.year : month !== start.month ? month > start.month : day >= start.day,
  );
  if (!era) return `${year}年`;
  const n = year - era.start.year + 1;
  return `${era.name}${n === 1 ? '元' : n}年(${year}年)`;
}

/** A date as the city writes it: 令和7年(2025年)1月15日. */
export function formatJapaneseDate(date: Date): string {
  return japaneseDate(partsInJapan(date));
}

function japaneseDate(parts: DateParts): string {
  return `${eraYear(parts)}${parts.month}月${parts.day}日`;
}

/** A date and time: 令和7年(2025年)1月15日 17時00分. */
export function formatJapaneseDateTime(date: Date): string {
  const parts = partsInJapan(date);
  return `${japaneseDate(parts)} ${parts.hour}時${String(parts.minute).padStart(2, '0')}分`;
}

/**
 * A date and time short enough for a table column: 2025/1/15 17:00 (in Japan). The long form
 * (formatJapaneseDateTime) wraps over several lines in a narrow column.
 */
export function formatShortJapaneseDateTime(date: Date): string {
  const { year, month, day, hour, minute } = partsInJapan(date);
  return `${year}/${month}/${day} ${hour}:${String(minute).padStart(2, '0')}`;
}

/** The ISO date (YYYY-MM-DD) of the day in Japan, for `<time dateTime>`. */
export function isoDateInJapan(date: Date): string {
  const { year, month, day } = partsInJapan(date);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A date (and time) for a reader of `locale`: the city's own form in Japanese, the language's
 * usual long form elsewhere; always the day and time in Japan.
 */
export function formatDateFor(locale: string, date: Date, { withTime = false } = {}): string {
  if (locale === 'ja' || locale.startsWith('ja-')) return withTime ? formatJapaneseDateTime(date) : formatJapaneseDate(date);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', ...(withTime && { timeStyle: 'short' }), timeZone: 'Asia/Tokyo' }).format(date);
}
