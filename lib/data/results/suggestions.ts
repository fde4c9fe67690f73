import 'server-only';
import { normalizeForComparison, textSimilarity } from '@/lib/text/normalize-for-comparison';

/** Texts at least this similar (after normalising) are suggested as nearly the same. */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;
/** Near duplicates compare every pair of distinct texts; above this many per item, only exact ones. */
export const NEAR_DUPLICATE_MAX_TEXTS = 400;

export type SuggestionCluster = {
  opinionIds: number[];
  /** 'same': all the same text once normalised; 'similar': some only nearly so. */
  kind: 'same' | 'similar';
  /** How many opinions the cluster holds. */
  count: number;
};

/**
 * Opinions (usually of one item) that say the same or nearly the same thing, as suggestions
 * for one group: first grouped by their normalised text (width, spaces and punctuation
 * ignored), then distinct texts whose similarity reaches the threshold are joined. Only
 * clusters of two or more are returned, the largest first.
 */
export function suggestClusters(items: readonly { id: number; text: string }[], threshold = NEAR_DUPLICATE_THRESHOLD): SuggestionCluster[] {
  const byText = new Map<string, number[]>();
  for (const item of items) {
    const key = normalizeForComparison(item.text);
    if (key === '') continue;
    const ids = byText.get(key);
    if (ids) ids.push(item.id);
    else byText.set(key, [item.id]);
  }
  const keys = [...byText.keys()];
  const parent = keys.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  if (keys.length <= NEAR_DUPLICATE_MAX_TEXTS) {
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        if (find(i) !== find(j) && textSimilarity(keys[i]!, keys[j]!) >= threshold) parent[find(j)] = find(i);
      }
    }
  }
  const clusters = new Map<number, { ids: number[]; texts: number }>();
  keys.forEach((key, i) => {
    const root = find(i);
    const cluster = clusters.get(root) ?? { ids: [], texts: 0 };
    cluster.ids.push(...byText.get(key)!);
    cluster.texts += 1;
    clusters.set(root, cluster);
  });
  return [...clusters.values()]
    .filter((c) => c.ids.length >= 2)
    .map((c) => ({ opinionIds: c.ids.sort((a, b) => a - b), kind: c.texts === 1 ? ('same' as const) : ('similar' as const), count: c.ids.length }))
    .sort((a, b) => b.count - a.count || a.opinionIds[0]! - b.opinionIds[0]!);
}
