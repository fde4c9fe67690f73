import { describe, expect, it } from 'vitest';
import { rubyToggleHref } from './locales';

describe('rubyToggleHref', () => {
  it('adds or removes only ruby, keeping the other parameters', () => {
    expect(rubyToggleHref('/consultations/x/comment', '?item=23', true)).toBe('/consultations/x/comment?item=23&ruby=1');
    expect(rubyToggleHref('/consultations/x/comment', '?item=23&ruby=1', false)).toBe('/consultations/x/comment?item=23');
    expect(rubyToggleHref('/vi/consultations/x/results', 'ruby=1&page=2', false)).toBe('/vi/consultations/x/results?page=2');
  });

  it('is the bare path or the canonical ?ruby=1 without other parameters', () => {
    expect(rubyToggleHref('/consultations/x', '', true)).toBe('/consultations/x?ruby=1');
    expect(rubyToggleHref('/consultations/x', '?ruby=1', false)).toBe('/consultations/x');
    expect(rubyToggleHref('/consultations/x', '?ruby=1', true)).toBe('/consultations/x?ruby=1');
  });
});
