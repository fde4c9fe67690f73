/**
 * The app's side of the page cache in server.mjs, which keeps rendered resident pages in
 * memory and serves each copy with a fresh CSP nonce. The two meet on `globalThis` (same
 * process); under plain `next start` there is no cache and both functions do nothing.
 */
type PageCache = { placeholder: string; clear: () => void };

const KEY = Symbol.for('public-comment.page-cache');

function pageCache(): PageCache | undefined {
  return (globalThis as { [KEY]?: PageCache })[KEY];
}

/** Header with which the cache asks for a page rendered with its placeholder nonce. */
export const PAGE_CACHE_NONCE_HEADER = 'x-page-cache-nonce';

/**
 * The nonce to render with when the page cache is filling itself: its secret placeholder, which
 * it swaps for a fresh nonce in every copy it serves. Anything else in the header is ignored.
 */
export function pageCacheNonce(headers: Headers): string | null {
  const placeholder = pageCache()?.placeholder;
  return placeholder && headers.get(PAGE_CACHE_NONCE_HEADER) === placeholder ? placeholder : null;
}

/** Call when public content changes: the next visit renders afresh on this instance. */
export function clearPageCache(): void {
  pageCache()?.clear();
}
