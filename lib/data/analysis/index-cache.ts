import 'server-only';
import type { Analyser } from '@/lib/analysis/analyse';
import type { NearDuplicateIndex } from '@/lib/analysis/near-duplicates';

/**
 * A case's near-duplicate index (and analyser) as the worker built it, and what it was built
 * from. Valid only while the case's stored state is the one described here: no invalidation
 * after `invalidation` (an item edited, an analysed opinion's text changed, an opinion removed:
 * analysis_invalidations), and no run after `lastRunId` other than incremental ones, whose
 * results are then added to it in the order they were made (the order a rebuild uses, so both
 * hold the same).
 */
export type CaseIndexState = {
  analyser: Analyser;
  index: NearDuplicateIndex;
  /** The cluster key of each group's first opinion (null: not clustered yet). */
  clusterOfGroup: Map<number, string | null>;
  lastRunId: number;
  invalidation: number;
};

/** How a pass came by its index: kept from the last pass, kept and brought up to date with other instances' passes, or built from the stored results. */
export type IndexUse = 'kept' | 'caught-up' | 'rebuilt';

/**
 * The indexes this instance keeps between passes, a few cases at most (the most recently used).
 * A pass takes its case's state out while it works and puts it back only after its transaction
 * committed, so a pass that failed, or one running at the same time, never sees a half-updated
 * index: it rebuilds instead.
 */
export class AnalysisIndexCache {
  private readonly states = new Map<number, CaseIndexState>();

  constructor(readonly capacity = 4) {}

  take(consultationId: number): CaseIndexState | undefined {
    const state = this.states.get(consultationId);
    this.states.delete(consultationId);
    return state;
  }

  put(consultationId: number, state: CaseIndexState): void {
    this.states.delete(consultationId);
    this.states.set(consultationId, state);
    for (const oldest of this.states.keys()) {
      if (this.states.size <= this.capacity) break;
      this.states.delete(oldest);
    }
  }

  has(consultationId: number): boolean {
    return this.states.has(consultationId);
  }

  clear(): void {
    this.states.clear();
  }
}

const globalForCache = globalThis as unknown as { __analysisIndexCache?: AnalysisIndexCache };

/** This instance's cache (one per process, like the worker). */
export function instanceIndexCache(): AnalysisIndexCache {
  return (globalForCache.__analysisIndexCache ??= new AnalysisIndexCache());
}
