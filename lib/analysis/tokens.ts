import { normalizeText } from './normalize';

const wordSegmenter = new Intl.Segmenter('ja', { granularity: 'word' });

/** Runs of letters and digits of normalised text; everything else separates them. */
function letterRuns(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const KANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;

const LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{N}]+$/u;

/**
 * Terms for retrieval: character bigrams and trigrams inside each run of Japanese letters
 * (Japanese has no spaces, and n-grams need no dictionary), whole words for Latin script and
 * numbers. Weighted by occurrence, so repeated terms count more.
 */
export function retrievalTerms(text: string): string[] {
  const terms: string[] = [];
  for (const run of letterRuns(text)) {
    for (const part of run.match(/[\p{Script=Latin}\p{N}]+|[^\p{Script=Latin}\p{N}]+/gu) ?? []) {
      if (LATIN_OR_DIGIT.test(part)) {
        terms.push(part);
        continue;
      }
      const chars = Array.from(part);
      if (chars.length === 1 && !KANA_ONLY.test(part)) terms.push(part);
      for (const n of [2, 3]) {
        for (let i = 0; i + n <= chars.length; i++) {
          const gram = chars.slice(i, i + n).join('');
          // Hiragana-only n-grams are particles and endings (して, ている): they say nothing about the topic.
          if (!/\p{Script=Hiragana}/u.test(gram)) terms.push(gram);
        }
      }
    }
  }
  for (const word of contentWords(text)) terms.push(`w:${word}`);
  return terms;
}

const FUNCTION_WORD = /^[\p{Script=Hiragana}ー]{1,3}$/u;

/**
 * Content words by the ICU word segmenter built into Node (Intl.Segmenter, dictionary-based for
 * Japanese): used for labels, matched words and the baseline. Hiragana-only words of up to three
 * characters (particles, endings) and single characters are left out.
 */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  for (const segment of wordSegmenter.segment(normalizeText(text))) {
    if (!segment.isWordLike) continue;
    const word = segment.segment;
    if (Array.from(word).length < 2 || FUNCTION_WORD.test(word) || /^\d+$/u.test(word)) continue;
    words.push(word);
  }
  return words;
}
