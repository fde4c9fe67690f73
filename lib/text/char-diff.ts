import { diffArrays } from 'diff';

export type DiffSegment = { kind: 'equal' | 'insert' | 'delete'; text: string };

/**
 * An unchanged run this short (in characters, one token) between two changes is shown as part
 * of the change, so a change reads as one: 「[-市内][+市外]の」 rather than three marks.
 */
const MAX_ABSORBED_EQUAL = 1;

const DIGIT = '[0-9０-９]';
/** A number as written: 1,602 / 92.5 / ４９２ (grouping and decimal marks inside only). */
const NUMBER = `${DIGIT}+(?:[,.，．]${DIGIT}+)*`;
/** A date as the city writes it: 令和6年度, 2025年3月31日, 令和元年, 3月31日. */
const DATE = `(?:(?:令和|平成|昭和|大正|明治)(?:${DIGIT}+|元)年度?|${DIGIT}{4}年度?)(?:${DIGIT}{1,2}月(?:${DIGIT}{1,2}日)?)?|${DIGIT}{1,2}月${DIGIT}{1,2}日`;
/** Dates first: 令和6年度 is one unit, not 令和 and 6. */
export const WHOLE_UNIT = new RegExp(`${DATE}|${NUMBER}`, 'g');

const words = new Intl.Segmenter('ja', { granularity: 'word' });

/**
 * The text cut into the units a reader sees: words where the segmenter finds them (Japanese has
 * no spaces, so a dictionary decides), with every number and date kept whole even where the
 * segmenter cuts it (２０２５|年|３|月 → ２０２５年３月). Every cut is one of the segmenter's.
 */
export function readingUnits(text: string): string[] {
  const cuts = [...words.segment(text)].map((s) => s.index).concat(text.length);
  for (const match of text.matchAll(WHOLE_UNIT)) {
    const start = match.index;
    const end = start + match[0].length;
    for (let i = cuts.length - 1; i >= 0; i--) if (cuts[i]! > start && cuts[i]! < end) cuts.splice(i, 1);
  }
  const units: string[] = [];
  for (let i = 0; i < cuts.length - 1; i++) units.push(text.slice(cuts[i], cuts[i + 1]));
  return units;
}

/**
 * The changes between two texts, marked by whole words, numbers and dates: 「年少人口を
 * [-492.5][+430]万人」, never 「4[-92.5][+30]万人」. Japanese has no spaces between words, so
 * the units come from the word segmenter (readingUnits). Each run of changes comes out as at
 * most one deletion followed by at most one insertion.
 */
export function charDiff(before: string, after: string): DiffSegment[] {
  const changes = diffArrays(readingUnits(before), readingUnits(after));
  const segments: DiffSegment[] = [];
  let deleted = '';
  let inserted = '';
  const flush = () => {
    if (deleted) segments.push({ kind: 'delete', text: deleted });
    if (inserted) segments.push({ kind: 'insert', text: inserted });
    deleted = '';
    inserted = '';
  };

  changes.forEach((change, index) => {
    const value = change.value.join('');
    if (change.added) inserted += value;
    else if (change.removed) deleted += value;
    else if ((deleted || inserted) && value.length <= MAX_ABSORBED_EQUAL && index < changes.length - 1) {
      deleted += value;
      inserted += value;
    } else {
      flush();
      if (value) segments.push({ kind: 'equal', text: value });
    }
  });
  flush();
  return segments;
}

/** The before side (equal and deleted text) and the after side (equal and inserted text). */
export function splitSides(segments: DiffSegment[]): { before: DiffSegment[]; after: DiffSegment[] } {
  return {
    before: segments.filter((s) => s.kind !== 'insert'),
    after: segments.filter((s) => s.kind !== 'delete'),
  };
}
