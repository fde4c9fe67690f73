/**
 * Text normalisation for analysis. Everything here is pure and deterministic: the same text
 * always gives the same key, so results can be recomputed and explained.
 */

/** NFKC (full/half width, ① → 1), lower case, every run of white space or line breaks → one space. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * NFKC applied one code point at a time, with a map from each normalised UTF-16 unit back to
 * its offset in the original, so spans found in normalised text can be reported on the original.
 * `offsets` has one extra entry at the end (the original's length).
 */
export function normalizeWithOffsets(text: string): { text: string; offsets: number[] } {
  let out = '';
  const offsets: number[] = [];
  let index = 0;
  for (const char of text) {
    const folded = char.normalize('NFKC');
    for (let k = 0; k < folded.length; k++) offsets.push(index);
    out += folded;
    index += char.length;
  }
  offsets.push(text.length);
  return { text: out, offsets };
}

/** Maps a [start, end) span of normalised text back to the original text. */
export function originalSpan(offsets: number[], start: number, end: number): { start: number; end: number } {
  const last = offsets.length - 1;
  const from = offsets[Math.min(start, last)] ?? 0;
  // The end is exclusive: take the original offset after the last normalised unit of the span.
  let to = offsets[Math.min(end, last)] ?? offsets[last]!;
  if (end > 0 && to <= (offsets[end - 1] ?? 0)) to = offsets[last]!;
  return { start: from, end: Math.max(from, to) };
}

/**
 * Sentences that carry no opinion: greetings, thanks, sign-offs. Campaign senders add or drop
 * them freely, so near-duplicate matching ignores them. Each is matched as a whole sentence.
 */
const BOILERPLATE_SENTENCES: readonly RegExp[] = [
  /^(いつも)?(大変)?お世話に(なって|な)(おり|い)ます$/u,
  /^(いつも)?(市政|行政)?(の)?(運営)?(に|へ)?(ご尽力|ご苦労様|お疲れ様)(いただき)?(ありがとうございます|です|でございます)?$/u,
  /^(お|ご)?(忙しい|多忙な?)(ところ|中)?.*(失礼|恐縮|すみません|申し訳).*$/u,
  /^(はじめまして|こんにちは|こんばんは|拝啓.*|前略|敬具|草々|以上|以上です|以上となります)$/u,
  /^(どうぞ|何卒|なにとぞ)?(よろしく|宜しく)(お願い)?(いた|致)?(し)?(ます|申し上げます)?$/u,
  /^(ご)?(検討|一考|配慮|対応)(の)?(ほど)?(を)?(よろしく|宜しく)?(お願い)?.*$/u,
  /^(意見|パブリックコメント|パブコメ)を?(提出|送付|送信)?(いた|致)?(し|させていただき)?ます$/u,
  /^.{0,12}(について)?(意見|一言)(を)?(申し上げ|述べ|送り|させていただき)(ます|たいと思います)$/u,
  /^(ありがとうございました|ありがとうございます|失礼します|失礼いたします)$/u,
];

/** A sentence introducing the sender: 「○○町に住む者です」「△△地区在住の主婦です」. */
const SELF_INTRODUCTION = /^(私は)?.{0,20}(に住む|に住んで(い|お)る|在住の?|在勤の?|地区の|町の)(\d+代の?)?.{0,12}(者|主婦|会社員|学生|市民|住民|母親|父親|高齢者|一人)(です|でございます)?$/u;

const SENTENCE_END = /(?<=[。．.!！?？])|\n+/u;

/** Splits text into sentences at 。！？ and line breaks; empty pieces are dropped. */
export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** Letters and digits only: punctuation, symbols and spaces are dropped. */
function lettersOnly(text: string): string {
  return text.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** True when a normalised sentence is a greeting, sign-off or self-introduction. */
export function isBoilerplate(sentence: string): boolean {
  const bare = lettersOnly(sentence);
  if (bare.length === 0) return true;
  return BOILERPLATE_SENTENCES.some((pattern) => pattern.test(bare)) || SELF_INTRODUCTION.test(bare);
}

/**
 * The text used to compare opinions: normalised, greetings, sign-offs and self-introductions
 * removed, punctuation and spaces dropped. Two texts that differ only in those parts have the
 * same key.
 */
export function matchKey(text: string): string {
  const sentences = splitSentences(text.normalize('NFKC').toLowerCase()).filter((sentence) => !isBoilerplate(sentence));
  return sentences.map(lettersOnly).join('');
}
