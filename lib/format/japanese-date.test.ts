import { describe, expect, it } from 'vitest';
import { formatJapaneseDate, formatJapaneseDateTime, formatShortJapaneseDateTime, isoDateInJapan } from './japanese-date';

describe('formatJapaneseDate', () => {
  it('writes the Reiwa era with the Western year', () => {
    expect(formatJapaneseDate(new Date('2025-01-15T03:00:00Z'))).toBe('令和7年(2025年)1月15日');
  });

  it('uses the date in Japan, not in UTC', () => {
    expect(formatJapaneseDate(new Date('2025-01-14T15:30:00Z'))).toBe('令和7年(2025年)1月15日');
  });

  it('writes the first year of an era as 元年', () => {
    expect(formatJapaneseDate(new Date('2019-05-01T00:00:00+09:00'))).toBe('令和元年(2019年)5月1日');
    expect(formatJapaneseDate(new Date('2019-04-30T12:00:00+09:00'))).toBe('平成31年(2019年)4月30日');
  });

  it('adds the time in Japan', () => {
    expect(formatJapaneseDateTime(new Date('2026-12-24T08:05:00Z'))).toBe('令和8年(2026年)12月24日 17時05分');
  });

  it('gives the ISO date in Japan', () => {
    expect(isoDateInJapan(new Date('2025-01-14T15:30:00Z'))).toBe('2025-01-15');
  });
});

describe('formatShortJapaneseDateTime', () => {
  it('writes a short date and time in Japan, for a table column', () => {
    expect(formatShortJapaneseDateTime(new Date('2025-01-14T15:05:00Z'))).toBe('2025/1/15 0:05');
    expect(formatShortJapaneseDateTime(new Date('2025-12-31T08:30:00Z'))).toBe('2025/12/31 17:30');
  });
});
