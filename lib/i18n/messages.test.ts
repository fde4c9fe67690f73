import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from './locales';
import { RESIDENT_NAMESPACES } from './messages';

// The raw catalogs (the app imports them precompiled).
const read = (locale: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, '../../messages', `${locale}.json`), 'utf8')) as Record<string, unknown>;
const ja = read('ja');

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const id = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'string') out.set(id, child);
    else for (const [k, v] of flatten(child, id)) out.set(k, v);
  }
  return out;
}

/** The arguments and tags a message takes: a translation must take exactly the same. */
function parameters(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) found.add(e.value);
      if (e.type === TYPE.plural || e.type === TYPE.select) {
        found.add(e.value);
        for (const option of Object.values(e.options)) walk(option.value);
      }
      if (e.type === TYPE.tag) {
        found.add(`<${e.value}>`);
        walk(e.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const residentJa = flatten(Object.fromEntries(RESIDENT_NAMESPACES.map((ns) => [ns, ja[ns]])));

describe.each(LOCALES.filter((l) => l !== 'ja'))('the %s catalog', (locale) => {
  const catalog = read(locale);
  const keys = flatten(catalog);

  it('holds exactly the resident namespaces', () => {
    expect(Object.keys(catalog).sort()).toEqual([...RESIDENT_NAMESPACES].sort());
  });

  it('has every message Japanese has, and none Japanese lacks', () => {
    expect([...residentJa.keys()].filter((k) => !keys.has(k)), 'missing').toEqual([]);
    expect([...keys.keys()].filter((k) => !residentJa.has(k)), 'extra').toEqual([]);
  });

  it('takes the same arguments and tags in every message, and no message is empty', () => {
    for (const [key, message] of keys) {
      expect(message.trim(), key).not.toBe('');
      const japanese = residentJa.get(key);
      if (japanese !== undefined) expect(parameters(message), key).toEqual(parameters(japanese));
    }
  });
});

it('the message compiler knows every language', () => {
  // next-intl's plugin keeps its options out of the config object: read the source.
  const source = readFileSync(path.join(import.meta.dirname, '../../next.config.js'), 'utf8');
  expect(source).toContain(`locales: [${LOCALES.map((l) => `'${l}'`).join(', ')}]`);
});
