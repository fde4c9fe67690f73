/** Accuracy at 1 and at 3 of ranked suggestions against one expected answer each. */
export function topKAccuracy(cases: readonly { expected: number; ranked: readonly number[] }[]): { top1: number; top3: number; n: number } {
  const n = cases.length;
  if (n === 0) return { top1: 0, top3: 0, n };
  const top1 = cases.filter((c) => c.ranked[0] === c.expected).length / n;
  const top3 = cases.filter((c) => c.ranked.slice(0, 3).includes(c.expected)).length / n;
  return { top1, top3, n };
}

/**
 * Pairwise precision/recall/F1 of a grouping: a pair of texts counts as positive when both are
 * in one group. `truth` and `predicted` map each text to its group label; `counts` picks the
 * pairs that are scored (e.g. only pairs with a held-out text).
 */
export function pairwiseScores<K>(
  truth: ReadonlyMap<K, string>,
  predicted: ReadonlyMap<K, string | number>,
  counts: (a: K, b: K) => boolean = () => true,
): { precision: number; recall: number; f1: number; truePairs: number; predictedPairs: number } {
  const keys = [...truth.keys()];
  let both = 0;
  let truePairs = 0;
  let predictedPairs = 0;
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      if (!counts(keys[i]!, keys[j]!)) continue;
      const t = truth.get(keys[i]!) === truth.get(keys[j]!);
      const p = predicted.get(keys[i]!) === predicted.get(keys[j]!);
      if (t) truePairs++;
      if (p) predictedPairs++;
      if (t && p) both++;
    }
  }
  const precision = predictedPairs === 0 ? 1 : both / predictedPairs;
  const recall = truePairs === 0 ? 1 : both / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs };
}

export type Span = { start: number; end: number };

/**
 * Span precision and recall: a found span is right when it overlaps an expected span by at
 * least half of the longer of the two; each expected span is matched at most once.
 */
export function spanScores(cases: readonly { expected: readonly Span[]; found: readonly Span[] }[]): { precision: number; recall: number; expected: number; found: number } {
  let expected = 0;
  let found = 0;
  let matchedExpected = 0;
  let matchedFound = 0;
  for (const c of cases) {
    expected += c.expected.length;
    found += c.found.length;
    const used = new Set<number>();
    for (const span of c.found) {
      const index = c.expected.findIndex((gold, k) => !used.has(k) && overlapEnough(gold, span));
      if (index >= 0) {
        used.add(index);
        matchedFound++;
      }
    }
    matchedExpected += used.size;
  }
  return { precision: found === 0 ? 1 : matchedFound / found, recall: expected === 0 ? 1 : matchedExpected / expected, expected, found };
}

function overlapEnough(a: Span, b: Span): boolean {
  const overlap = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return overlap > 0 && overlap >= 0.5 * Math.max(a.end - a.start, b.end - b.start);
}
