/**
 * Text reduced to what decides whether two opinions say the same thing: NFKC folds full- and
 * half-width forms (ＡＢＣ１２３ → ABC123, ｶﾀｶﾅ → カタカナ), case is folded, and whitespace,
 * punctuation and symbols (、。「」・！？…, ASCII punctuation, bullets) are dropped. Mass
 * campaigns send the same letter with different spacing and punctuation; this finds them.
 */
export function normalizeForComparison(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Character bigrams of a normalised text (a one-character text is its own bigram). */
function bigrams(normalized: string): Map<string, number> {
  const chars = Array.from(normalized);
  const grams = new Map<string, number>();
  if (chars.length === 1) grams.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/**
 * Similarity of two normalised texts from 0 to 1 (Dice coefficient on character bigrams:
 * Japanese has no spaces, so words cannot be the unit). 1 means the same text.
 */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of ga.values()) total += n;
  for (const [gram, n] of gb) {
    total += n;
    shared += Math.min(n, ga.get(gram) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}
