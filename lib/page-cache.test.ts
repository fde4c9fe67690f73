import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearPageCache, PAGE_CACHE_NONCE_HEADER, pageCacheNonce } from './page-cache';

const KEY = Symbol.for('public-comment.page-cache');
const registry = globalThis as { [KEY]?: unknown };

afterEach(() => {
  delete registry[KEY];
});

describe('page cache contract with server.mjs', () => {
  it('without the cache (plain next start) there is no placeholder nonce and clearing does nothing', () => {
    expect(pageCacheNonce(new Headers({ [PAGE_CACHE_NONCE_HEADER]: 'anything' }))).toBeNull();
    expect(() => clearPageCache()).not.toThrow();
  });

  it('accepts only the exact placeholder; a client guessing gets a nonce of its own', () => {
    const clear = vi.fn();
    registry[KEY] = { placeholder: 'secret-placeholder', clear };
    expect(pageCacheNonce(new Headers({ [PAGE_CACHE_NONCE_HEADER]: 'secret-placeholder' }))).toBe('secret-placeholder');
    expect(pageCacheNonce(new Headers({ [PAGE_CACHE_NONCE_HEADER]: 'secret-placeholde' }))).toBeNull();
    expect(pageCacheNonce(new Headers())).toBeNull();
    clearPageCache();
    expect(clear).toHaveBeenCalledOnce();
  });
});
