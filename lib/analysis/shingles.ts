
/**
 * Character shingles (overlapping n-grams) of a match key, as a sorted set of 32-bit hashes.
 * Japanese has no spaces, so characters are the unit; n = 5 is long enough that two texts
 * written independently on the same topic share few shingles, short enough that a typo
 * changes only n of them.
 */
export function shingleSet(key: string, size: number): Uint32Array {
  if (key.length === 0) return new Uint32Array(0);
  // Code point boundaries as UTF-16 offsets: each shingle is hashed in place over key's units,
  // the same value as hashString of the shingle's text, without making the substring.
  const starts: number[] = [];
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const previous = key.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) continue;
    }
    starts.push(i);
  }
  const count = starts.length;
  starts.push(key.length);
  if (count <= size) return Uint32Array.of(hashRange(key, 0, key.length));
  const hashes = new Uint32Array(count - size + 1);
  for (let i = 0; i + size <= count; i++) hashes[i] = hashRange(key, starts[i]!, starts[i + size]!);
  hashes.sort();
  let unique = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[unique - 1]) hashes[unique++] = hashes[i]!;
  return hashes.subarray(0, unique);
}

/** hashString (FNV-1a) of key.slice(from, to). */
function hashRange(key: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Size of the intersection of two sorted hash sets. With `atLeast`, stops as soon as the rest of
 * the shorter side can no longer bring the count there (then the count returned is below it).
 */
export function intersectionSize(a: Uint32Array, b: Uint32Array, atLeast = 0): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la && j < lb) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) {
      i++;
      if (shared + Math.min(la - i, lb - j) < atLeast) return shared;
    } else {
      j++;
      if (shared + Math.min(la - i, lb - j) < atLeast) return shared;
    }
  }
  return shared;
}

/** Removes from `set` every hash in `drop`: a set, or a sorted array (then one merge pass). */
export function withoutHashes(set: Uint32Array, drop: ReadonlySet<number> | Uint32Array): Uint32Array {
  if (!(drop instanceof Uint32Array)) return drop.size === 0 ? set : set.filter((hash) => !drop.has(hash));
  if (drop.length === 0) return set;
  const kept = new Uint32Array(set.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < set.length; i++) {
    const hash = set[i]!;
    // The document's set is large (thousands) and a text's small: find each hash by binary search
    // from where the previous one stopped, not by walking the document's set.
    let hi = drop.length;
    while (j < hi) {
      const mid = (j + hi) >>> 1;
      if (drop[mid]! < hash) j = mid + 1;
      else hi = mid;
    }
    if (j < drop.length && drop[j] === hash) continue;
    kept[n++] = hash;
  }
  return n === set.length ? set : kept.slice(0, n);
}

/** MinHash signature: for each of `count` hash functions (mix32 with seed k), the minimum over the set. */
export function minHash(set: Uint32Array, count: number): Uint32Array {
  const signature = new Uint32Array(count).fill(0xffffffff);
  const seeds = seedsFor(count);
  // Shingle by shingle, each hash function inline (mix32, the murmur3 finaliser): the same values.
  for (let i = 0; i < set.length; i++) {
    const value = set[i]!;
    for (let k = 0; k < count; k++) {
      let h = (value ^ seeds[k]!) >>> 0;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      h >>>= 0;
      if (h < signature[k]!) signature[k] = h;
    }
  }
  return signature;
}

const seedCache = new Map<number, Uint32Array>();
function seedsFor(count: number): Uint32Array {
  let seeds = seedCache.get(count);
  if (!seeds) {
    seeds = new Uint32Array(count);
    for (let k = 0; k < count; k++) seeds[k] = Math.imul(k + 1, 0x9e3779b1) >>> 0;
    seedCache.set(count, seeds);
  }
  return seeds;
}
