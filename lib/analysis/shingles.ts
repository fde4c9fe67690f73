import { hashString, mix32 } from './hash';

/**
 * Character shingles (overlapping n-grams) of a match key, as a sorted set of 32-bit hashes.
 * Japanese has no spaces, so characters are the unit; n = 5 is long enough that two texts
 * written independently on the same topic share few shingles, short enough that a typo
 * changes only n of them.
 */
export function shingleSet(key: string, size: number): Uint32Array {
  const chars = Array.from(key);
  if (chars.length === 0) return new Uint32Array(0);
  const hashes = new Set<number>();
  if (chars.length <= size) hashes.add(hashString(chars.join('')));
  for (let i = 0; i + size <= chars.length; i++) hashes.add(hashString(chars.slice(i, i + size).join('')));
  return Uint32Array.from(hashes).sort();
}

/** Size of the intersection of two sorted hash sets. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared;
}

/** Removes from `set` every hash in `drop` (both sorted). */
export function withoutHashes(set: Uint32Array, drop: ReadonlySet<number>): Uint32Array {
  if (drop.size === 0) return set;
  return set.filter((hash) => !drop.has(hash));
}

/** MinHash signature: for each of `count` hash functions, the minimum over the set. */
export function minHash(set: Uint32Array, count: number): Uint32Array {
  const signature = new Uint32Array(count).fill(0xffffffff);
  for (let k = 0; k < count; k++) {
    const seed = Math.imul(k + 1, 0x9e3779b1) >>> 0;
    let min = 0xffffffff;
    for (let i = 0; i < set.length; i++) {
      const h = mix32(set[i]!, seed);
      if (h < min) min = h;
    }
    signature[k] = min;
  }
  return signature;
}
