/**
 * The languages of the resident pages, and where each lives in the URL. Japanese keeps today's
 * URLs (no prefix); every other language is a path prefix (`/en/consultations/…`), so a page in
 * a language can be shared, crawled and linked with `hreflang`. The language is never guessed
 * from the browser: the URL alone decides. Imported by the proxy, server code and the client
 * language switcher, so nothing here may touch the server.
 */
export const LOCALES = ['ja', 'ja-x-easy', 'en', 'vi', 'pt-BR', 'es', 'tl', 'zh-Hans', 'ne'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'ja';

/**
 * Where the proxy puts the URL's language, always overwriting the client's. (Not next-intl's
 * own X-NEXT-INTL-LOCALE: Next.js 16 does not pass that one on from the proxy.)
 */
export const LOCALE_HEADER = 'x-resident-locale';

/** Request header in which proxy.ts says whether the URL asked for furigana (`ruby=1`). */
export const RUBY_HEADER = 'x-resident-ruby';

/** Request header in which proxy.ts passes the URL's query string on (the furigana switch keeps it). */
export const SEARCH_HEADER = 'x-resident-search';

/**
 * The furigana switch's target: this page with `ruby=1` added (`on`) or removed, every other
 * query parameter kept (`?item=23`, `?page=2`). Without other parameters, furigana on is the
 * one canonical `?ruby=1` the page cache keeps (lib/page-cache-contract.mjs).
 */
export function rubyToggleHref(pathname: string, search: string, on: boolean): string {
  const params = new URLSearchParams(search);
  params.delete('ruby');
  if (on) params.append('ruby', '1');
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/**
 * The path segment of each language but Japanese. やさしい日本語 is `ja-x-easy` (BCP 47 private
 * use: still Japanese to a screen reader and a spell checker) under `/easy`.
 */
export const LOCALE_SEGMENTS: Record<Exclude<Locale, 'ja'>, string> = {
  'ja-x-easy': 'easy',
  en: 'en',
  vi: 'vi',
  'pt-BR': 'pt-br',
  es: 'es',
  tl: 'tl',
  'zh-Hans': 'zh-hans',
  ne: 'ne',
};

/** Each language's name in itself, as the switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  ja: '日本語',
  'ja-x-easy': 'やさしい にほんご',
  en: 'English',
  vi: 'Tiếng Việt',
  'pt-BR': 'Português (Brasil)',
  es: 'Español',
  tl: 'Tagalog',
  'zh-Hans': '中文（简体）',
  ne: 'नेपाली',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const LOCALE_BY_SEGMENT = new Map(Object.entries(LOCALE_SEGMENTS).map(([locale, segment]) => [segment, locale as Locale]));

/** The resident paths that exist in every language: the home page and everything under a case. */
export function isResidentPath(path: string): boolean {
  return path === '/' || path.startsWith('/consultations/');
}

/**
 * Splits `/en/consultations/x` into `en` and `/consultations/x`. A path without a language
 * prefix is Japanese; a prefix in front of something that is not a resident page is no
 * language (`/en/staff` stays as it is, and answers 404).
 */
export function splitLocalePath(pathname: string): { locale: Locale; path: string } {
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  const locale = match ? LOCALE_BY_SEGMENT.get(match[1]!) : undefined;
  if (!locale) return { locale: DEFAULT_LOCALE, path: pathname };
  const rest = match![2] ?? '/';
  return isResidentPath(rest) ? { locale, path: rest } : { locale: DEFAULT_LOCALE, path: pathname };
}

/** The URL of a resident path in a language: `localizedPath('vi', '/consultations/x')`. */
export function localizedPath(locale: Locale, path: string): string {
  if (locale === DEFAULT_LOCALE) return path;
  const segment = LOCALE_SEGMENTS[locale as Exclude<Locale, 'ja'>];
  return path === '/' ? `/${segment}` : `/${segment}${path}`;
}
