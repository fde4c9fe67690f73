'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useSyncExternalStore } from 'react';
import { LOCALE_NAMES, LOCALES, localizedPath, rubyToggleHref, splitLocalePath, isResidentPath } from '@/lib/i18n/locales';

/**
 * Links to the page the resident is on in every language, on every resident page. Plain links
 * (a full page load): the whole document, `lang` included, changes language. The server gives
 * the URL it was asked for (`usePathname` would give the path the proxy rewrote to); once
 * hydrated, the browser's path keeps it right after in-site navigation, which keeps the root
 * layout. The same for the query string, which the furigana switch keeps (`?item=23`).
 */
export function LanguageSwitcher({ label, serverPathname, serverSearch, ruby }: { label: string; serverPathname: string; serverSearch: string; ruby: { on: boolean; label: string } }) {
  const browserPathname = usePathname();
  const browserSearch = useSearchParams();
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const pathname = hydrated ? browserPathname : serverPathname;
  const search = hydrated ? (browserSearch?.toString() ?? '') : serverSearch;
  const { locale: current, path } = splitLocalePath(pathname);
  if (!isResidentPath(path)) return null;
  return (
    <nav aria-label={label} className="language-switcher">
      {/* Furigana are added by server.mjs to a page asked for with ?ruby=1 (a link: works without JavaScript). */}
      <p className="ruby-toggle">
        <a href={rubyToggleHref(pathname, search, !ruby.on)} data-ruby-toggle="">
          {ruby.label}
        </a>
      </p>
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            <a href={localizedPath(locale, path)} lang={locale} hrefLang={locale} aria-current={locale === current ? 'true' : undefined}>
              {LOCALE_NAMES[locale]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const subscribeNever = () => () => {};
