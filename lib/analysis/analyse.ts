import { clusterTexts, CLUSTER_PARAMS, type ClusterParams } from './clusters';
import { ItemSuggester, ITEM_SUGGEST_PARAMS, type ItemSuggestion, type ItemSuggestParams, type ItemText } from './items';
import { detectLanguage, type Language } from './language';
import { documentShingles, NEAR_DUPLICATE_PARAMS, NearDuplicateIndex, type NearDuplicateDecision, type NearDuplicateParams } from './near-duplicates';
import { normalizeText } from './normalize';
import { detectPii, PII_PARAMS, type PiiParams, type PiiSpan } from './pii';

/** Method name and every parameter: stored with each result as its provenance. */
export type AnalysisMethod = {
  version: 'analysis-1';
  nearDuplicates: NearDuplicateParams;
  items: ItemSuggestParams;
  clusters: ClusterParams;
  pii: PiiParams;
};

export const ANALYSIS_METHOD: AnalysisMethod = {
  version: 'analysis-1',
  nearDuplicates: NEAR_DUPLICATE_PARAMS,
  items: ITEM_SUGGEST_PARAMS,
  clusters: CLUSTER_PARAMS,
  pii: PII_PARAMS,
};

/** One line for the published result: how opinions were grouped, with the parameters. */
export function describeGrouping(method: AnalysisMethod = ANALYSIS_METHOD): string {
  const p = method.nearDuplicates;
  return (
    `同趣旨の意見は、挨拶・自己紹介・句読点を除いた本文を${p.shingleSize}文字ずつ区切って比べ、` +
    `短い方の${Math.round(p.minOverlap * 100)}%以上（${p.minShared}区切り以上）が一致するものを機械的にまとめ、職員が確認しました（${method.version}）。`
  );
}

export type OpinionInput = { id: number; text: string; itemNumber: number | null };

export type OpinionAnalysis = {
  id: number;
  language: Language;
  /** Up to three items, best first; only for opinions without an item. */
  suggestions: ItemSuggestion[];
  /** The id of the campaign group's first opinion, or null when no other opinion is alike. */
  campaignGroup: number | null;
  campaignSimilarity: number;
  /** `<item>:<index>` or `general:<index>`; null for an opinion not clustered yet (added since the last full run). */
  clusterKey: string | null;
  pii: PiiSpan[];
};

export type ClusterSummary = { key: string; itemNumber: number | null; label: string[]; representative: number; count: number; members: number[] };

export type CampaignSummary = { group: number; representative: number; count: number; members: number[] };

export type AnalysisResult = { opinions: OpinionAnalysis[]; campaigns: CampaignSummary[]; clusters: ClusterSummary[] };

/** What one opinion's analysis needs of that opinion alone (no other opinion). */
export type OwnAnalysis = Omit<OpinionAnalysis, 'campaignGroup' | 'campaignSimilarity' | 'clusterKey'>;

/** Opinions in order of id with their near-duplicate decisions and the groups' members. */
export type Grouped = { sorted: OpinionInput[]; decisions: NearDuplicateDecision[]; groups: Map<number, number[]> };

type AnalysisCache = { suggestions: Map<string, ItemSuggestion[]>; texts: Map<string, { language: Language; pii: PiiSpan[] }> };

/** The parts of the analysis that depend only on the consultation's document, built once. */
export class Analyser {
  readonly suggester: ItemSuggester;
  readonly ignoredShingles: Set<number>;

  constructor(
    readonly items: readonly ItemText[],
    readonly method: AnalysisMethod = ANALYSIS_METHOD,
  ) {
    this.suggester = new ItemSuggester(items, method.items);
    this.ignoredShingles = documentShingles(
      items.flatMap((item) => [item.heading, item.beforeText, item.afterText]),
      method.nearDuplicates,
    );
  }

  newIndex(): NearDuplicateIndex {
    return new NearDuplicateIndex(this.method.nearDuplicates, this.ignoredShingles);
  }

  /**
   * Language, item suggestions and personal data: what one opinion needs on its own. With a
   * cache (a full run), copies of one text (campaigns) are analysed once.
   */
  analyseOne(opinion: OpinionInput, cache?: AnalysisCache): OwnAnalysis {
    let suggestions: ItemSuggestion[] = [];
    if (opinion.itemNumber === null) {
      const key = normalizeText(opinion.text);
      const cached = cache?.suggestions.get(key);
      suggestions = cached ?? this.suggester.suggest(opinion.text);
      if (!cached) cache?.suggestions.set(key, suggestions);
    }
    let own = cache?.texts.get(opinion.text);
    if (!own) {
      own = { language: detectLanguage(opinion.text), pii: detectPii(opinion.text, this.method.pii) };
      cache?.texts.set(opinion.text, own);
    }
    return { id: opinion.id, language: own.language, suggestions, pii: own.pii };
  }

  /**
   * The whole analysis of a consultation's opinions: campaigns in order of id, then clusters per
   * item (the opinion's item, else its best suggestion, else general) over one representative per
   * campaign weighted by the campaign's size. `index` (empty) is filled as the opinions are
   * grouped; a caller may keep it for the opinions that come later.
   */
  analyseAll(opinions: readonly OpinionInput[], index: NearDuplicateIndex = this.newIndex()): AnalysisResult {
    const cache: AnalysisCache = { suggestions: new Map(), texts: new Map() };
    return this.finishAll(this.groupAll(opinions, index), (opinion) => this.analyseOne(opinion, cache));
  }

  /** The first half of `analyseAll`: campaigns, in order of id (`index` is filled). */
  groupAll(opinions: readonly OpinionInput[], index: NearDuplicateIndex = this.newIndex()): Grouped {
    const sorted = [...opinions].sort((a, b) => a.id - b.id);
    const groups = new Map<number, number[]>();
    const decisions = sorted.map((opinion) => {
      const decision = index.add(opinion.id, opinion.text);
      const members = groups.get(decision.group);
      if (members) members.push(opinion.id);
      else groups.set(decision.group, [opinion.id]);
      return decision;
    });
    return { sorted, decisions, groups };
  }

  /** The second half of `analyseAll`: each opinion's own analysis (`own`), then clusters. */
  finishAll({ sorted, decisions, groups }: Grouped, own: (opinion: OpinionInput) => OwnAnalysis): AnalysisResult {
    const base = sorted.map((opinion, k) => ({ ...own(opinion), similarity: decisions[k]!.similarity, group: decisions[k]!.group }));
    const byId = new Map(sorted.map((opinion, k) => [opinion.id, { opinion, base: base[k]! }]));

    const campaigns: CampaignSummary[] = [...groups]
      .filter(([, members]) => members.length > 1)
      .map(([group, members]) => ({ group, representative: group, count: members.length, members }));

    const perItem = new Map<string, { itemNumber: number | null; inputs: { id: number; text: string; weight: number }[] }>();
    for (const [group, members] of groups) {
      const { opinion, base: analysis } = byId.get(group)!;
      const itemNumber = opinion.itemNumber ?? analysis.suggestions[0]?.itemNumber ?? null;
      const key = itemNumber === null ? 'general' : String(itemNumber);
      let entry = perItem.get(key);
      if (!entry) perItem.set(key, (entry = { itemNumber, inputs: [] }));
      entry.inputs.push({ id: group, text: opinion.text, weight: members.length });
    }
    const clusterOf = new Map<number, string>();
    const clusters: ClusterSummary[] = [];
    for (const [key, { itemNumber, inputs }] of [...perItem].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      for (const cluster of clusterTexts(inputs, this.method.clusters)) {
        const clusterKey = `${key}:${cluster.index}`;
        const members = cluster.members.flatMap((group) => groups.get(group)!);
        for (const id of members) clusterOf.set(id, clusterKey);
        clusters.push({ key: clusterKey, itemNumber, label: cluster.label, representative: cluster.representative, count: members.length, members });
      }
    }

    return {
      opinions: base.map(({ similarity, group, ...analysis }) => ({
        ...analysis,
        campaignGroup: groups.get(group)!.length > 1 ? group : null,
        campaignSimilarity: similarity,
        clusterKey: clusterOf.get(analysis.id)!,
      })),
      campaigns,
      clusters,
    };
  }
}
