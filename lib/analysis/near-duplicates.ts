import { matchKey } from './normalize';
import { mix32 } from './hash';
import { intersectionSize, minHash, shingleSet, withoutHashes } from './shingles';

/** The parameters of near-duplicate grouping; recorded with every result (provenance). */
export type NearDuplicateParams = {
  /** Characters per shingle. */
  shingleSize: number;
  /** MinHash functions; split into bands of `bandRows` for locality-sensitive hashing. */
  hashes: number;
  bandRows: number;
  /** Shared shingles over the smaller text's shingles (overlap coefficient) needed to join. */
  minOverlap: number;
  /** Shared shingles needed (texts shorter than this need 80 % of their own shingles). */
  minShared: number;
  /** Exemplars kept per group besides the leader, so members with different personal sentences still meet. */
  exemplars: number;
};

export const NEAR_DUPLICATE_PARAMS: NearDuplicateParams = {
  shingleSize: 5,
  hashes: 32,
  bandRows: 2,
  minOverlap: 0.4,
  minShared: 40,
  exemplars: 3,
};

/** `length`: shingles of the whole key, before the document's shingles were taken out. */
type Entry = { id: number; group: number; shingles: Uint32Array; length: number; /** Index into the index's counters (set when indexed). */ slot?: number };

/** A text's match key, its shingles without the document's (`length`: before), and its band keys. */
export type PreparedText = { key: string; shingles: Uint32Array; length: number; bands: number[] };

export type NearDuplicateDecision = {
  /** Id of the group's first text (its leader); equals the text's own id when it starts a group. */
  group: number;
  /** Overlap coefficient with the member it matched (1 for an identical key, 0 for a new group). */
  similarity: number;
};

/**
 * How alike two shingle sets are, and whether that is enough to call them one text. Only a text
 * too short to have `minShared` shingles at all (`lengths`: before the document's shingles were
 * taken out) may match on fewer: 80 % of its own. `overlap` is exact for a pair that is one text;
 * for one that is not, counting stopped once the pair could no longer qualify, so it may read low.
 */
export function nearDuplicateScore(
  a: Uint32Array,
  b: Uint32Array,
  params: NearDuplicateParams,
  lengths: [number, number] = [a.length, b.length],
): { overlap: number; same: boolean } {
  const smaller = Math.min(a.length, b.length);
  if (smaller === 0) return { overlap: 0, same: false };
  const needed = Math.min(params.minShared, Math.ceil(Math.min(lengths[0], lengths[1]) * 0.8));
  // Counting stops once `needed` (or the overlap floor) is out of reach: then the pair is not one text.
  const shared = intersectionSize(a, b, Math.max(needed, Math.ceil(params.minOverlap * smaller - 1e-9)));
  const overlap = shared / smaller;
  return { overlap, same: shared >= needed && overlap >= params.minOverlap };
}

/**
 * Groups texts that are the same or nearly the same (campaigns), one text at a time, so it
 * works both for a full run and for one new opinion.
 *
 * Leader clustering: a text joins the group of the most similar leader or exemplar found by
 * MinHash LSH (bands of `bandRows` rows), verified exactly on the shingle sets; otherwise it
 * leads a new group. Only leaders and a few exemplars are indexed, so a chain of slightly
 * different texts cannot pull two unrelated texts together, and a campaign of 10,000 copies
 * costs one bucket entry. Buckets hold at most 32 entries and at most 16 candidates are
 * verified, those sharing the most bands first, so the cost per text is bounded. Identical keys (after dropping greetings and punctuation) are
 * matched by a hash map before any of that.
 */
export class NearDuplicateIndex {
  private readonly byKey = new Map<string, number>();
  /** Band key → slots of the entries in that bucket (plain small integers: the hot loop reads no objects). */
  private readonly buckets = new Map<number, number[]>();
  private readonly exemplarCount = new Map<number, number>();
  /** Indexed entries by slot. */
  private readonly entries: Entry[] = [];
  /** Per slot: the entry's id (for ordering candidates without touching the entry). */
  private ids: number[] = [];
  /** Per indexed entry: how many bands it shares with the text being added (valid where stamp = epoch). */
  private hits = new Int32Array(1024);
  private stamps = new Int32Array(1024);
  private epoch = 0;
  private static readonly MAX_BUCKET = 32;
  private static readonly MAX_VERIFIED = 16;

  constructor(
    readonly params: NearDuplicateParams = NEAR_DUPLICATE_PARAMS,
    /** Shingles that prove nothing (they occur in the consultation's own document). */
    private readonly ignored: ReadonlySet<number> = new Set(),
  ) {
    this.ignoredSorted = Uint32Array.from(ignored).sort();
  }

  /** The ignored shingles sorted, removed from a text's sorted shingles in one merge pass. */
  private readonly ignoredSorted: Uint32Array;

  /** Texts indexed (leaders and exemplars), for the bench and tests. */
  get size(): number {
    return this.entries.length;
  }

  shinglesOf(text: string): { key: string; shingles: Uint32Array; length: number } {
    return this.shinglesOfKey(matchKey(text));
  }

  private shinglesOfKey(key: string): { key: string; shingles: Uint32Array; length: number } {
    const all = shingleSet(key, this.params.shingleSize);
    return { key, shingles: withoutHashes(all, this.ignoredSorted), length: all.length };
  }

  /**
   * Adds a text that was already assigned to a group (when rebuilding the index from stored
   * results). Rebuilt in the order the texts were added (`add`), it holds exactly what `add`
   * left: an identical key is not indexed again, a member is indexed while its group has fewer
   * than `exemplars` exemplars. So an index kept in memory between passes and one rebuilt from
   * the stored results give every later text the same group.
   */
  restore(id: number, group: number, text: string): void {
    const key = matchKey(text);
    if (key.length === 0 || this.byKey.has(key)) return;
    this.byKey.set(key, group);
    if (id !== group && (this.exemplarCount.get(group) ?? 0) >= this.params.exemplars) return;
    const { shingles, length } = this.shinglesOfKey(key);
    this.index({ id, group, shingles, length });
  }

  add(id: number, text: string): NearDuplicateDecision {
    const key = matchKey(text);
    if (key.length === 0) return { group: id, similarity: 0 };
    const exact = this.byKey.get(key);
    if (exact !== undefined) return { group: exact, similarity: 1 };
    const { shingles, length } = this.shinglesOfKey(key);
    return this.addShingled(id, key, shingles, length, this.bandKeys(shingles));
  }

  /**
   * What `add` computes from the text alone (key, shingles, band keys): pure, so another thread
   * may compute it (lib/analysis/parallel.ts) with an index of the same parameters and ignored shingles.
   */
  prepare(text: string): PreparedText {
    const key = matchKey(text);
    if (key.length === 0) return { key, shingles: new Uint32Array(0), length: 0, bands: [] };
    const { shingles, length } = this.shinglesOfKey(key);
    return { key, shingles, length, bands: this.bandKeys(shingles) };
  }

  /** `add` with the text's part computed by `prepare`: the same decision. */
  addPrepared(id: number, prepared: PreparedText): NearDuplicateDecision {
    const { key } = prepared;
    if (key.length === 0) return { group: id, similarity: 0 };
    const exact = this.byKey.get(key);
    if (exact !== undefined) return { group: exact, similarity: 1 };
    return this.addShingled(id, key, prepared.shingles, prepared.length, prepared.bands);
  }

  private addShingled(id: number, key: string, shingles: Uint32Array, length: number, bands: readonly number[]): NearDuplicateDecision {
    // Candidates sharing more bands are likelier matches: verify those first, and only a few.
    // Counted in typed arrays stamped per call (no map of objects: this is the hot loop of a full run).
    const epoch = ++this.epoch;
    const { hits, stamps } = this;
    const touched: number[] = [];
    for (let b = 0; b < bands.length; b++) {
      const bucket = this.buckets.get(bands[b]!);
      if (bucket === undefined) continue;
      for (let i = 0; i < bucket.length; i++) {
        const slot = bucket[i]!;
        if (stamps[slot] !== epoch) {
          stamps[slot] = epoch;
          hits[slot] = 0;
          touched.push(slot);
        }
        hits[slot]! += 1;
      }
    }
    const candidates = mostShared(touched, hits, this.ids, bands.length, NearDuplicateIndex.MAX_VERIFIED);
    let best: { group: number; overlap: number } | null = null;
    for (const slot of candidates) {
      const entry = this.entries[slot]!;
      const score = nearDuplicateScore(shingles, entry.shingles, this.params, [length, entry.length]);
      if (score.same && (!best || score.overlap > best.overlap || (score.overlap === best.overlap && entry.group < best.group))) {
        best = { group: entry.group, overlap: score.overlap };
      }
    }
    const group = best ? best.group : id;
    this.byKey.set(key, group);
    const exemplars = this.exemplarCount.get(group) ?? 0;
    if (!best || exemplars < this.params.exemplars) this.index({ id, group, shingles, length }, bands);
    return { group, similarity: best ? best.overlap : 0 };
  }

  private index(entry: Entry, bands: readonly number[] = this.bandKeys(entry.shingles)): void {
    const slot = this.entries.length;
    entry.slot = slot;
    this.entries.push(entry);
    this.ids.push(entry.id);
    if (slot >= this.hits.length) {
      const hits = new Int32Array(this.hits.length * 2);
      hits.set(this.hits);
      const stamps = new Int32Array(this.stamps.length * 2);
      stamps.set(this.stamps);
      this.hits = hits;
      this.stamps = stamps;
    }
    if (entry.id !== entry.group) this.exemplarCount.set(entry.group, (this.exemplarCount.get(entry.group) ?? 0) + 1);
    for (const band of bands) {
      let bucket = this.buckets.get(band);
      if (!bucket) this.buckets.set(band, (bucket = []));
      if (bucket.length < NearDuplicateIndex.MAX_BUCKET) bucket.push(slot);
    }
  }

  /** One number per band: a hash of the band's index and rows (a rare collision only costs a verification). */
  private bandKeys(shingles: Uint32Array): number[] {
    if (shingles.length === 0) return [];
    const signature = minHash(shingles, this.params.hashes);
    const keys: number[] = [];
    for (let band = 0; band * this.params.bandRows < signature.length; band++) {
      let key = mix32(band, 0x5bd1e995);
      for (let row = band * this.params.bandRows; row < Math.min(signature.length, (band + 1) * this.params.bandRows); row++) key = mix32(signature[row]!, key);
      keys.push(key | 0); // as a signed 32-bit integer: a small integer to the engine, so the bucket map hashes it cheaply
    }
    return keys;
  }
}

/**
 * The `limit` entries (slots) sharing the most bands, ties by lower id: the order of sorting by
 * (hits desc, id asc), without sorting hundreds of entries (buckets of common texts are full).
 * Entries are put in levels by their hit count (at most `bands`); only the level where the limit
 * falls is searched for its lowest ids.
 */
function mostShared(touched: readonly number[], hits: Int32Array, ids: readonly number[], bands: number, limit: number): number[] {
  if (touched.length <= 1) return [...touched];
  const levels: number[][] = Array.from({ length: bands + 1 }, () => []);
  for (const slot of touched) levels[hits[slot]!]!.push(slot);
  const chosen: number[] = [];
  for (let level = bands; level >= 1 && chosen.length < limit; level--) {
    const slots = levels[level]!;
    if (slots.length === 0) continue;
    const need = limit - chosen.length;
    if (slots.length <= need) {
      chosen.push(...slots.sort((a, b) => ids[a]! - ids[b]!));
      continue;
    }
    // The `need` lowest ids, ascending, by repeated selection (need ≤ limit, a few passes).
    const taken = new Uint8Array(slots.length);
    for (let k = 0; k < need; k++) {
      let best = -1;
      for (let i = 0; i < slots.length; i++) if (!taken[i] && (best < 0 || ids[slots[i]!]! < ids[slots[best]!]!)) best = i;
      taken[best] = 1;
      chosen.push(slots[best]!);
    }
  }
  return chosen;
}

/** Groups a whole list in order of id; returns each id's group (the id of its group's leader). */
export function groupNearDuplicates(
  texts: readonly { id: number; text: string }[],
  options: { params?: NearDuplicateParams; ignored?: ReadonlySet<number> } = {},
): Map<number, NearDuplicateDecision> {
  const index = new NearDuplicateIndex(options.params, options.ignored);
  const result = new Map<number, NearDuplicateDecision>();
  for (const { id, text } of [...texts].sort((a, b) => a.id - b.id)) result.set(id, index.add(id, text));
  return result;
}

/**
 * Shingles of the consultation's own document (item headings, before and after texts): residents
 * quote it, so sharing them is no sign that one text was copied from another.
 */
export function documentShingles(texts: readonly string[], params: NearDuplicateParams = NEAR_DUPLICATE_PARAMS): Set<number> {
  const ignored = new Set<number>();
  for (const text of texts) {
    for (const line of text.split('\n')) for (const hash of shingleSet(matchKey(line), params.shingleSize)) ignored.add(hash);
  }
  return ignored;
}
