import { headingKind } from '@/db/seed/parse-revision-table';
import { charDiff } from '@/lib/text/char-diff';
import { normalizeText } from './normalize';
import { contentWords, retrievalTerms, segmenterWords } from './tokens';

/** What item suggestion needs of a revision item. */
export type ItemText = { number: number; heading: string; beforeText: string; afterText: string };

export type ItemSuggestion = { itemNumber: number; score: number; matchedWords: string[] };

export type ItemSuggestParams = {
  k1: number;
  b: number;
  /** Extra weight of the words the revision changed (residents comment on what changed). */
  changedWeight: number;
  headingWeight: number;
  maxSuggestions: number;
  /** Suggestions scoring below this share of the best one are left out. */
  relativeFloor: number;
  /** Factor for items whose kind of heading the opinion points at (it speaks of a target, a note, an action). */
  kindBoost: number;
};

export const ITEM_SUGGEST_PARAMS: ItemSuggestParams = {
  k1: 1.2,
  b: 0.5,
  changedWeight: 2,
  headingWeight: 1,
  maxSuggestions: 3,
  relativeFloor: 0.35,
  kindBoost: 1.3,
};

/**
 * Words by which residents point at a kind of item without naming it: any strategy document
 * has targets (目標値, KPI), notes (注釈) and lists of actions (主な取組).
 */
const KIND_CUES: readonly { cue: RegExp; kinds: readonly string[] }[] = [
  { cue: /目標|指標|kpi|割合|件数|人数|達成/u, kinds: ['数値目標', '重要業績評価指標（KPI）'] },
  { cue: /注釈|注の|注に|注で|注は|用語|言葉の説明|定義|とは/u, kinds: ['注釈'] },
  { cue: /取組|取り組み/u, kinds: ['主な取組'] },
];

/** Markers of omitted text and footnote marks are not the item's words. */
function itemBody(text: string): string {
  return text.replace(/[（(]\s*(前略|中略|後略)\s*[)）]/gu, ' ').replace(/\[\s*[*※]\s*\]|[*※]/gu, ' ');
}

function changedText(item: ItemText): string {
  return charDiff(itemBody(item.beforeText), itemBody(item.afterText))
    .filter((segment) => segment.kind !== 'equal')
    .map((segment) => segment.text)
    .join(' ');
}

type Doc = { number: number; kind: string; weights: Map<string, number>; length: number; text: string };

/**
 * Okapi BM25 over the revision items, with character n-grams as terms so no dictionary is
 * needed. Each item's document is its heading, its before and after text, and the words the
 * revision changed once more (weighted). The opinion is the query.
 */
export class ItemSuggester {
  private readonly docs: Doc[];
  private readonly idf = new Map<string, number>();
  /** term → [document index, weight] pairs, so scoring touches only documents sharing a term. */
  private readonly postings = new Map<string, [number, number][]>();
  private readonly averageLength: number;

  constructor(
    items: readonly ItemText[],
    readonly params: ItemSuggestParams = ITEM_SUGGEST_PARAMS,
  ) {
    this.docs = items.map((item) => {
      const weights = new Map<string, number>();
      const addAll = (text: string, weight: number) => {
        for (const term of retrievalTerms(text)) weights.set(term, (weights.get(term) ?? 0) + weight);
      };
      addAll(item.heading.replace(/^[\d.\s]+/u, ''), params.headingWeight);
      const body = `${itemBody(item.beforeText)}\n${itemBody(item.afterText)}`;
      addAll(body, 1);
      addAll(changedText(item), params.changedWeight);
      let length = 0;
      for (const weight of weights.values()) length += weight;
      return { number: item.number, kind: headingKind(item.heading), weights, length, text: normalizeText(`${item.heading}\n${body}`) };
    });
    const documentFrequency = new Map<string, number>();
    for (const doc of this.docs) for (const term of doc.weights.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    const n = this.docs.length;
    for (const [term, df] of documentFrequency) this.idf.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    this.averageLength = this.docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, n);
    this.docs.forEach((doc, index) => {
      for (const [term, weight] of doc.weights) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push([index, weight]);
      }
    });
  }

  suggest(opinion: string): ItemSuggestion[] {
    const query = new Map<string, number>();
    for (const term of retrievalTerms(opinion)) if (this.idf.has(term)) query.set(term, (query.get(term) ?? 0) + 1);
    if (query.size === 0) return [];
    const { k1, b } = this.params;
    const normalized = normalizeText(opinion);
    const pointedKinds = new Set(KIND_CUES.filter((entry) => entry.cue.test(normalized)).flatMap((entry) => entry.kinds));
    const scores = new Float64Array(this.docs.length);
    for (const [term, count] of query) {
      const idf = this.idf.get(term)!;
      // Repeats in the opinion count, with diminishing returns.
      const queryWeight = idf * (1 + Math.log(count));
      for (const [index, tf] of this.postings.get(term)!) {
        const norm = k1 * (1 - b + (b * this.docs[index]!.length) / this.averageLength);
        scores[index]! += queryWeight * ((tf * (k1 + 1)) / (tf + norm));
      }
    }
    const scored = this.docs.map((doc, index) => ({ doc, score: pointedKinds.has(doc.kind) ? scores[index]! * this.params.kindBoost : scores[index]! }));
    scored.sort((x, y) => y.score - x.score || x.doc.number - y.doc.number);
    const best = scored[0]?.score ?? 0;
    if (best <= 0) return [];
    const words = [...new Set(contentWords(opinion))];
    return scored
      .filter((entry) => entry.score > 0 && entry.score >= best * this.params.relativeFloor)
      .slice(0, this.params.maxSuggestions)
      .map(({ doc, score }) => ({
        itemNumber: doc.number,
        score: Math.round(score * 1000) / 1000,
        matchedWords: words.filter((word) => doc.text.includes(word)).sort((x, y) => y.length - x.length).slice(0, 6),
      }));
  }
}

/**
 * The baseline the issue names: count the opinion's content words that appear in the item's
 * text; most wins, ties to the lower number. Kept to print beside the method in the bench.
 */
export function wordOverlapBaseline(items: readonly ItemText[]): (opinion: string) => number[] {
  const texts = items.map((item) => ({ number: item.number, text: normalizeText(`${item.heading}\n${item.beforeText}\n${item.afterText}`) }));
  return (opinion) => {
    const words = [...new Set(segmenterWords(opinion))];
    return texts
      .map((item) => ({ number: item.number, count: words.filter((word) => item.text.includes(word)).length }))
      .filter((entry) => entry.count > 0)
      .sort((x, y) => y.count - x.count || x.number - y.number)
      .slice(0, 3)
      .map((entry) => entry.number);
  };
}
