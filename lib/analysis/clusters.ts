import { contentWords } from './tokens';

export type ClusterParams = {
  /** Cosine similarity to a cluster's centroid needed to join it. */
  minSimilarity: number;
  /** Clusters per item at most; once reached, a text joins the nearest. */
  maxClusters: number;
  labelTerms: number;
};

export const CLUSTER_PARAMS: ClusterParams = { minSimilarity: 0.25, maxClusters: 24, labelTerms: 3 };

export type ClusterInput = { id: number; text: string; weight?: number };

export type Cluster = {
  /** 1-based within its item, in order of the first member's id. */
  index: number;
  members: number[];
  /** Members counted with their weights (a campaign representative stands for its copies). */
  count: number;
  /** The most distinctive words of the cluster against the rest of the item's opinions. */
  label: string[];
  /** The member closest to the centroid. */
  representative: number;
};

type Vector = Map<string, number>;

function normalise(vector: Vector): Vector {
  let norm = 0;
  for (const value of vector.values()) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (const [key, value] of vector) vector.set(key, value / norm);
  return vector;
}

function dot(a: Vector, b: Vector): number {
  let sum = 0;
  for (const [key, value] of a) {
    const other = b.get(key);
    if (other !== undefined) sum += value * other;
  }
  return sum;
}

/**
 * Groups the opinions on one item by what they say: TF-IDF vectors of content words (ICU word
 * segmentation), single-pass leader clustering on cosine similarity to the running centroid, in
 * order of id, so the result is deterministic and a new opinion can join without a re-run.
 */
export function clusterTexts(inputs: readonly ClusterInput[], params: ClusterParams = CLUSTER_PARAMS): Cluster[] {
  const sorted = [...inputs].sort((a, b) => a.id - b.id);
  const words = sorted.map((input) => contentWords(input.text));
  const documentFrequency = new Map<string, number>();
  for (const list of words) for (const word of new Set(list)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const n = sorted.length;
  const idf = (word: string) => Math.log((n + 1) / ((documentFrequency.get(word) ?? 0) + 1)) + 1;
  const vectors = words.map((list) => {
    const vector: Vector = new Map();
    for (const word of list) vector.set(word, (vector.get(word) ?? 0) + idf(word));
    return normalise(vector);
  });

  type Working = { members: number[]; sum: Vector; centroid: Vector; count: number };
  const clusters: Working[] = [];
  sorted.forEach((input, k) => {
    const vector = vectors[k]!;
    let best = -1;
    let bestSimilarity = -1;
    clusters.forEach((cluster, index) => {
      const similarity = dot(vector, cluster.centroid);
      if (similarity > bestSimilarity) {
        best = index;
        bestSimilarity = similarity;
      }
    });
    const weight = input.weight ?? 1;
    if (best < 0 || (bestSimilarity < params.minSimilarity && clusters.length < params.maxClusters)) {
      clusters.push({ members: [k], sum: new Map(vector), centroid: new Map(vector), count: weight });
      return;
    }
    const cluster = clusters[best]!;
    cluster.members.push(k);
    cluster.count += weight;
    for (const [key, value] of vector) cluster.sum.set(key, (cluster.sum.get(key) ?? 0) + value);
    cluster.centroid = normalise(new Map(cluster.sum));
  });

  return clusters.map((cluster, index) => {
    const inCluster = new Map<string, number>();
    for (const k of cluster.members) for (const word of new Set(words[k])) inCluster.set(word, (inCluster.get(word) ?? 0) + 1);
    const label = [...inCluster]
      .map(([word, df]) => ({ word, score: (df / cluster.members.length) * idf(word) * (documentFrequency.get(word)! > df ? df / documentFrequency.get(word)! : 1) }))
      .sort((a, b) => b.score - a.score || a.word.localeCompare(b.word))
      .slice(0, params.labelTerms)
      .map((entry) => entry.word);
    let representative = cluster.members[0]!;
    let bestSimilarity = -1;
    for (const k of cluster.members) {
      const similarity = dot(vectors[k]!, cluster.centroid);
      if (similarity > bestSimilarity + 1e-12) {
        representative = k;
        bestSimilarity = similarity;
      }
    }
    return { index: index + 1, members: cluster.members.map((k) => sorted[k]!.id), count: cluster.count, label, representative: sorted[representative]!.id };
  });
}
