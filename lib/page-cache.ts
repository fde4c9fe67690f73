/**
 * The app's side of the page cache in server.mjs, which keeps rendered resident pages in
 * memory and serves each copy with a fresh CSP nonce. The two meet on `globalThis` (same
 * process) under the names in lib/page-cache-contract.mjs; under plain `next start` there is no
 * cache and these functions do nothing.
 */
import { PAGE_CACHE_NONCE_HEADER, PAGE_CACHE_REGISTRY } from './page-cache-contract.mjs';

type PageCache = { placeholder: string; clear: () => void };

function pageCache(): PageCache | undefined {
  return (globalThis as { [PAGE_CACHE_REGISTRY]?: PageCache })[PAGE_CACHE_REGISTRY];
}

/** Whether this process serves pages through server.mjs's cache. */
export function hasPageCache(): boolean {
  return pageCache() !== undefined;
}

/**
 * The nonce to render with when the page cache is filling itself: its secret placeholder, which
 * it swaps for a fresh nonce in every copy it serves. Anything else in the header is ignored.
 */
export function pageCacheNonce(headers: Headers): string | null {
  const placeholder = pageCache()?.placeholder;
  return placeholder && headers.get(PAGE_CACHE_NONCE_HEADER) === placeholder ? placeholder : null;
}

/**
 * Empties this instance's cache. The database announces every change to public content to all
 * instances (lib/page-cache-listener.ts calls this); an action calls it too, so that the page it
 * redirects to on this instance never waits for the announcement.
 */
export function clearPageCache(): void {
  pageCache()?.clear();
}
