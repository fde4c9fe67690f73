import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { envSchemaForTests } from './env';
import { clearPageCache, pageCacheNonce } from './page-cache';
import * as contract from './page-cache-contract.mjs';

const { PAGE_CACHE_NONCE_HEADER, PAGE_CACHE_REGISTRY, pageCacheKey, pageCacheSecondsSchema, rubyRequested } = contract;
const registry = globalThis as { [PAGE_CACHE_REGISTRY]?: unknown };

afterEach(() => {
  delete registry[PAGE_CACHE_REGISTRY];
});

describe('page cache contract with server.mjs', () => {
  it('without the cache (plain next start) there is no placeholder nonce and clearing does nothing', () => {
    expect(pageCacheNonce(new Headers({ [PAGE_CACHE_NONCE_HEADER]: 'anything' }))).toBeNull();
    expect(() => clearPageCache()).not.toThrow();
  });

  it('accepts only the exact placeholder; a client guessing gets a nonce of its own', () => {
    const clear = vi.fn();
    registry[PAGE_CACHE_REGISTRY] = { placeholder: 'secret-placeholder', clear };
    expect(pageCacheNonce(new Headers({ [PAGE_CACHE_NONCE_HEADER]: 'secret-placeholder' }))).toBe('secret-placeholder');
    expect(pageCacheNonce(new Headers({ [PAGE_CACHE_NONCE_HEADER]: 'secret-placeholde' }))).toBeNull();
    expect(pageCacheNonce(new Headers())).toBeNull();
    clearPageCache();
    expect(clear).toHaveBeenCalledOnce();
  });

  it('server.mjs takes every name, the cacheable routes and the TTL rule from the contract module, and spells none of them itself', () => {
    const server = readFileSync(new URL('../server.mjs', import.meta.url), 'utf8');
    const imported = /import \{([^}]*)\} from '\.\/lib\/page-cache-contract\.mjs';/.exec(server)?.[1] ?? '';
    const names = imported.split(',').map((name) => name.trim()).filter(Boolean);
    // Each export server.mjs needs is imported and used (not imported and then shadowed by a copy).
    for (const name of ['PAGE_CACHE_NONCE_HEADER', 'PAGE_CACHE_REGISTRY', 'PAGE_CACHE_STATUS_HEADER', 'pageCacheKey', 'pageCacheSecondsSchema', 'rubyRequested']) {
      expect(names, name).toContain(name);
      expect(server.split(name).length, `${name} used after the import`).toBeGreaterThan(2);
    }
    // No value of the contract written a second time: header names, registry key, channel, routes.
    const values = Object.values(contract).flatMap((value) =>
      typeof value === 'string' ? [value] : typeof value === 'symbol' ? [value.description ?? ''] : [],
    );
    expect(values.length).toBeGreaterThanOrEqual(4);
    for (const value of values) expect(server, value).not.toContain(value);
    expect(server).not.toMatch(/\/consultations|PAGE_CACHE_SECONDS \?\?|Symbol\.for/);
  });

  it('the env schema and server.mjs read PAGE_CACHE_SECONDS with the same schema', () => {
    const shape = envSchemaForTests.shape;
    expect(shape.PAGE_CACHE_SECONDS).toBe(pageCacheSecondsSchema);
    expect(envSchemaForTests.parse({}).PAGE_CACHE_SECONDS).toBe(10);
    expect(envSchemaForTests.parse({ PAGE_CACHE_SECONDS: '0' }).PAGE_CACHE_SECONDS).toBe(0);
    for (const bad of ['-1', '1.5', 'ten', '86401']) expect(() => pageCacheSecondsSchema.parse(bad), bad).toThrow();
  });
});

describe('page cache keys: one canonical URL per page', () => {
  const request = (url: string, headers: Record<string, string> = {}, method = 'GET') => pageCacheKey({ method, url, headers });

  it('keeps the resident pages under their own URL', () => {
    for (const url of ['/', '/consultations/isesaki-2nd', '/consultations/isesaki-2nd/items/23', '/consultations/isesaki-2nd/items/1', '/consultations/isesaki-2nd/results']) {
      expect(request(url), url).toBe(url);
    }
  });

  it('refuses any other spelling of the same page: percent-encodings, leading zeros, case, slashes, dot segments', () => {
    for (const url of [
      '/consultations/isesaki%2D2nd',
      '/consultations/%69sesaki-2nd',
      '/consultations/isesaki-2nd/items/01',
      '/consultations/isesaki-2nd/items/023',
      '/consultations/isesaki-2nd/items/0',
      '/consultations/isesaki-2nd/items/%32%33',
      '/consultations/Isesaki-2nd',
      '/consultations/isesaki-2nd/',
      '//consultations/isesaki-2nd',
      '/consultations//isesaki-2nd',
      '/consultations/isesaki-2nd/items/../results',
      '/consultations/./isesaki-2nd',
      '/%2F',
    ]) {
      expect(request(url), url).toBeNull();
    }
  });

  it('never keeps other methods, query strings, router requests or other pages', () => {
    const page = '/consultations/isesaki-2nd';
    expect(request(page, {}, 'POST')).toBeNull();
    expect(request(page, {}, 'HEAD')).toBeNull();
    expect(request(`${page}?kind=`)).toBeNull();
    expect(request(`${page}?`)).toBeNull();
    for (const header of ['rsc', 'next-router-prefetch', 'next-router-state-tree', 'next-router-segment-prefetch', 'next-action']) {
      expect(request(page, { [header]: '1' }), header).toBeNull();
    }
    for (const url of [`${page}/comment`, `${page}/items/12345`, '/staff', '/api/health', '/consultations']) expect(request(url), url).toBeNull();
  });

  it('keeps furigana copies of the cacheable pages and of the empty comment and lookup forms, in every language', () => {
    const page = '/consultations/isesaki-2nd';
    for (const url of [page, `/vi${page}/items/3`, `${page}/comment`, `/pt-br${page}/lookup`]) expect(request(`${url}?ruby=1`), url).toBe(`${url}?ruby=1`);
    for (const url of [`${page}/lookup`, `${page}/lookup?x=1&ruby=1`, '/staff?ruby=1', `${page}/documents/1?ruby=1`]) expect(request(url), url).toBeNull();
  });
});

describe('furigana on a page that is not kept: ruby=1 anywhere in the query', () => {
  const page = '/consultations/isesaki-2nd';
  const asks = (url: string, method = 'GET', headers: Record<string, string> = {}) => rubyRequested({ method, url, headers });

  it('asks for ruby with other parameters too, on GETs and on forms posted without JavaScript, in every language', () => {
    for (const url of [
      `${page}/comment?item=23&ruby=1`,
      `/vi${page}/results?page=2&ruby=1`,
      `${page}/results?version=2&page=3&ruby=1`,
      `${page}?kind=%E6%96%BD%E7%AD%96&ruby=1#items`,
      `/pt-br${page}/items/3?ruby=1&x=1`,
    ]) {
      expect(asks(url), url).toBe(true);
      // Never kept under such a URL: the cache keeps only the canonical spelling.
      expect(pageCacheKey({ method: 'GET', url, headers: {} }), url).toBeNull();
    }
    for (const url of [`${page}/comment?ruby=1`, `${page}/comment?item=3&ruby=1`, `/vi${page}/lookup?ruby=1`]) expect(asks(url, 'POST'), url).toBe(true);
  });

  it('does not ask for ruby without ruby=1, on other pages, for router requests or other methods', () => {
    for (const url of [`${page}/comment?item=23`, `${page}?ruby=0&x=1`, `${page}?xruby=1`, `${page}?ruby=11`, `${page}/comment`]) expect(asks(url), url).toBe(false);
    for (const url of ['/staff?x=1&ruby=1', `${page}/documents/1?x=1&ruby=1`, '/api/consultations?ruby=1', `/staff${page}?ruby=1`]) expect(asks(url), url).toBe(false);
    expect(asks(`${page}/comment?ruby=1`, 'POST', { 'next-action': 'abc' })).toBe(false);
    expect(asks(`${page}/comment?ruby=1`, 'PUT')).toBe(false);
  });
});
