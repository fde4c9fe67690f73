// @ts-check
/**
 * The page cache's contract, in one place for both of its sides: server.mjs (plain Node.js,
 * which keeps and serves the pages) and the app (lib/page-cache.ts, proxy.ts, lib/env.ts).
 * Plain JavaScript so that server.mjs can import it without a build; the app imports it as is.
 */
// server.mjs runs this file in plain Node.js, which cannot load lib/validation/zod.ts; the one
// schema here is a number, which zod never compiles, so jitless makes no difference to it.
// eslint-disable-next-line no-restricted-imports
import { z } from 'zod';

/**
 * A path no route matches: Next.js renders app/not-found.tsx for it on the server, with 404.
 * proxy.ts rewrites unknown and malformed paths to it, server.mjs the malformed API paths the
 * proxy does not see.
 */
export const NOT_FOUND_PATH = '/_not-found-rewrite';

/**
 * Whether a path's escapes decode (`/consultations/%FF` does not): Next.js answers a malformed
 * one in a dynamic segment with a bare 500, so proxy.ts and server.mjs send it to the 404 page.
 * @param {string} pathname
 */
export function isWellFormedPath(pathname) {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** Where server.mjs registers itself on globalThis for the app in the same process. */
export const PAGE_CACHE_REGISTRY = Symbol.for('public-comment.page-cache');

/** Header with which the cache asks for a page rendered with its placeholder nonce. */
export const PAGE_CACHE_NONCE_HEADER = 'x-page-cache-nonce';

/** Says where a page came from ('hit' or 'miss', as X-Cache does on CDNs); absent when not from the cache. */
export const PAGE_CACHE_STATUS_HEADER = 'x-page-cache';

/**
 * The PostgreSQL channel on which a change to public content is announced (migration 0012's
 * triggers on consultations, revision_items and result_publications): every instance listening
 * clears its cache at once.
 */
export const PAGE_CACHE_CHANNEL = 'public_comment_page_cache';

/** How long a kept page is served: the fallback when a notification is missed. 0 turns the cache off. */
export const pageCacheSecondsSchema = z.coerce.number().int().min(0).max(86_400).default(10);

/**
 * The resident pages that are the same for everyone, in their one canonical spelling: a slug
 * as consultations_slug_check allows it (so no percent-encoding can name it twice) and an item
 * number without leading zeros. Any other spelling of the same page is rendered, never kept.
 */
const SLUG = '[a-z0-9][a-z0-9-]{0,63}';
/**
 * A resident page in Japanese (no prefix) or under a language's prefix (`/vi`, `/pt-br`,
 * lib/i18n/locales.ts); a prefix that is no language answers 404, which is never kept.
 */
const LANGUAGE = '(?:/[a-z]{2,4}(?:-[a-z]{2,4})?)?';
const CACHEABLE = [
  new RegExp(`^(?:/|/[a-z]{2,4}(?:-[a-z]{2,4})?)$`),
  new RegExp(`^${LANGUAGE}/consultations/${SLUG}$`),
  new RegExp(`^${LANGUAGE}/consultations/${SLUG}/items/[1-9][0-9]{0,3}$`),
  new RegExp(`^${LANGUAGE}/consultations/${SLUG}/results$`),
];
/** Pages that can be asked for with furigana: the cacheable ones, the comment form and the lookup form (their empty GET). */
const WITH_RUBY = [...CACHEABLE, new RegExp(`^${LANGUAGE}/consultations/${SLUG}/(?:comment|lookup)$`)];

/** The one query string a kept page may have: furigana on request (server.mjs adds the ruby). */
export const RUBY_QUERY = '?ruby=1';

/** Requests of the client-side router ask for RSC payloads, not HTML: never from the cache. */
const ROUTER_HEADERS = ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-action'];

/**
 * The cache key of a request, or null when the response must not come from the cache: only a
 * GET of a cacheable page, spelled canonically, without a query string (but `?ruby=1`) or router headers.
 * @param {{ method?: string, url?: string, headers: Record<string, unknown> }} request
 * @returns {string | null}
 */
export function pageCacheKey(request) {
  const { method, url, headers } = request;
  if (method !== 'GET' || !url) return null;
  if (ROUTER_HEADERS.some((name) => name in headers)) return null;
  if (url.endsWith(RUBY_QUERY)) {
    const path = url.slice(0, -RUBY_QUERY.length);
    return !path.includes('?') && WITH_RUBY.some((pattern) => pattern.test(path)) ? url : null;
  }
  if (url.includes('?')) return null;
  return CACHEABLE.some((pattern) => pattern.test(url)) ? url : null;
}

/**
 * Whether a request asks for a resident page with furigana (`ruby=1` anywhere in its query, as
 * proxy.ts reads it) that server.mjs must render with ruby although it is not kept: a page with
 * other parameters too (`?item=23&ruby=1`, `?page=2&ruby=1`), or a form posted without
 * JavaScript to a URL with `ruby=1` (the comment form's steps, the lookup's answer). The cache
 * key (pageCacheKey) is not widened: only the one canonical spelling is ever kept.
 * @param {{ method?: string, url?: string, headers: Record<string, unknown> }} request
 * @returns {boolean}
 */
export function rubyRequested(request) {
  const { method, url, headers } = request;
  if ((method !== 'GET' && method !== 'POST') || !url) return false;
  if (ROUTER_HEADERS.some((name) => name in headers)) return false;
  const at = url.indexOf('?');
  if (at < 0) return false;
  const path = url.slice(0, at);
  const query = url.slice(at + 1).split('#')[0] ?? '';
  return new URLSearchParams(query).get('ruby') === '1' && WITH_RUBY.some((pattern) => pattern.test(path));
}
