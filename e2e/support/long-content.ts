import { readFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../../lib/i18n/locales';

/** A language's resident messages (messages/<locale>.json), by namespace. */
export type Catalog = Record<string, Record<string, string>>;
const read = (locale: string) => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Catalog;
export const catalogs = Object.fromEntries(LOCALES.map((l) => [l, read(l)])) as Record<Locale, Catalog>;

/**
 * Content that stretches a page: a 300-character word without a break opportunity (accented
 * Latin, then ASCII) and an e-mail address of 64 characters, the longest a form accepts.
 */
export const LONG_WORD = 'Ý'.repeat(150) + 'x'.repeat(150);
const MAIL_DOMAIN = '@example.jp';
/** A 64-character address of its own for each call (`tag` and the time first, so parallel runs differ). */
export function longEmail(tag: string): string {
  const local = `${tag.replace(/[^a-z]/gi, '')}${Date.now()}${'a'.repeat(64)}`.slice(0, 64 - MAIL_DOMAIN.length);
  return local + MAIL_DOMAIN;
}
