import { normalizeText } from './normalize';

const SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Words by change of script: runs of kanji (利用者数, 目標値), of katakana (コミュニティバス), of
 * Latin letters and digits (sdgs, dx, 2027). Hiragana (particles, endings, okurigana) separates them.
 * For the topic of a Japanese text this catches the content words at a fraction of the cost of
 * a dictionary segmenter (measured: Intl.Segmenter about 0.2 ms a text, this about 0.01 ms).
 */
const WORD = /[\p{Script=Han}々〆ヶ]+(?:[きくけこしすせそちつてとみむめもりるれろいうえおっ][\p{Script=Han}々]+)*|[\p{Script=Katakana}ー・]+|[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{N}.,%]*|[\p{Script=Hiragana}]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{M}])+/gu;

/**
 * Content words of a text: script runs (a kanji run may hold okurigana between kanji: 空き家,
 * 取り組), without hiragana-only runs and numbers; single characters only with `singles`.
 */
export function contentWords(text: string, options: { singles?: boolean } = {}): string[] {
  const words: string[] = [];
  for (const match of normalizeText(text).matchAll(WORD)) {
    const word = match[0].replace(/[.,%・]+$/u, '');
    if (word.length === 0 || /^[\p{Script=Hiragana}]/u.test(word) || /^[\d.,%]+$/u.test(word)) continue;
    if (word.length < 2 && !(options.singles && /\p{Script=Han}/u.test(word))) continue;
    words.push(word);
  }
  return words;
}

const LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{N}]+$/u;

/**
 * Terms for retrieval: character bigrams and trigrams inside each run of letters (Japanese has
 * no spaces, and n-grams need no dictionary: 利用者数 also matches 利用者), leaving out those with
 * hiragana (particles, endings); Latin words and numbers whole; and the words of the ICU
 * dictionary segmenter (Intl.Segmenter, built into Node) whole.
 */
export function retrievalTerms(text: string): string[] {
  const terms: string[] = [];
  const normalized = normalizeText(text);
  for (const run of normalized.match(/[\p{L}\p{N}]+/gu) ?? []) {
    for (const part of run.match(/[\p{Script=Latin}\p{N}]+|[^\p{Script=Latin}\p{N}]+/gu) ?? []) {
      if (LATIN_OR_DIGIT.test(part)) {
        terms.push(part);
        continue;
      }
      const chars = SURROGATE.test(part) ? Array.from(part) : part;
      if (chars.length === 1 && !/\p{Script=Hiragana}/u.test(part)) terms.push(part);
      for (const n of [2, 3]) {
        for (let i = 0; i + n <= chars.length; i++) {
          const gram = n === 2 ? chars[i]! + chars[i + 1]! : chars[i]! + chars[i + 1]! + chars[i + 2]!;
          if (!/\p{Script=Hiragana}/u.test(gram)) terms.push(gram);
        }
      }
    }
  }
  for (const word of segmenterWords(normalized)) terms.push(`w:${word}`);
  return terms;
}

const wordSegmenter = new Intl.Segmenter('ja', { granularity: 'word' });

/**
 * Words by the ICU dictionary segmenter built into Node (Intl.Segmenter): used by the
 * word-overlap baseline only, so the baseline is a fair plain method, not a weakened one.
 */
export function segmenterWords(text: string): string[] {
  const words: string[] = [];
  for (const segment of wordSegmenter.segment(normalizeText(text))) {
    const word = segment.segment;
    if (!segment.isWordLike || word.length < 2 || /^[\p{Script=Hiragana}ー]{1,3}$/u.test(word) || /^\d+$/u.test(word)) continue;
    words.push(word);
  }
  return words;
}
