import 'server-only';
import { getLocale } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale, LOCALE_HEADER, localizedPath, type Locale } from './locales';

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
