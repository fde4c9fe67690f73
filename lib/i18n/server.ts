import 'server-only';
import { getLocale } from 'next-intl/server';
import { headers } from 'next/headers';
import { DEFAULT_LOCALE, isLocale, LOCALE_HEADER, localizedPath, RUBY_HEADER, type Locale } from './locales';

/** The language of this request (the proxy took it from the URL). */
export async function requestLocale(): Promise<Locale> {
  const locale = await getLocale();
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/** Turns a resident path into this request's language: `href('/consultations/x')`. */
export async function localeHref(): Promise<(path: string) => string> {
  const locale = await requestLocale();
  return (path) => localizedPath(locale, path);
}

/** The language the proxy found in the URL, from a request's headers (server actions, tests). */
export function localeFromHeaders(headers: Headers): Locale {
  const locale = headers.get(LOCALE_HEADER);
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/**
 * Whether this page was asked for with furigana (`ruby=1` in its URL: proxy.ts reads it, and
 * server.mjs adds the ruby to the HTML). A form on such a page carries `ruby=1` on, so that the
 * page it leads to has furigana too.
 */
export async function rubyRequested(): Promise<boolean> {
  return (await headers()).get(RUBY_HEADER) === '1';
}

/** A URL with `ruby=1` added when `on` (before its #fragment). */
export function withRuby(url: string, on: boolean): string {
  if (!on) return url;
  const hash = url.indexOf('#');
  const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}ruby=1${fragment}`;
}
