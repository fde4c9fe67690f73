'use client';

import { usePathname } from 'next/navigation';
import { useSyncExternalStore } from 'react';
import { LOCALE_NAMES, LOCALES, localizedPath, splitLocalePath, isResidentPath } from '@/lib/i18n/locales';

/**
 * Links to the page the resident is on in every language, on every resident page. Plain links
 * (a full page load): the whole document, `lang` included, changes language. The server gives
 * the URL it was asked for (`usePathname` would give the path the proxy rewrote to); once
 * hydrated, the browser's path keeps it right after in-site navigation, which keeps the root
 * layout.
 */
export function LanguageSwitcher({ label, serverPathname, ruby }: { label: string; serverPathname: string; ruby: { on: boolean; label: string } }) {
  const browserPathname = usePathname();
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const pathname = hydrated ? browserPathname : serverPathname;
  const { locale: current, path } = splitLocalePath(pathname);
  if (!isResidentPath(path)) return null;
  return (
    <nav aria-label={label} className="language-switcher">
      {/* Furigana are added by server.mjs to a page asked for with ?ruby=1 (a link: works without JavaScript). */}
      <p className="ruby-toggle">
        <a href={ruby.on ? pathname : `${pathname}?ruby=1`} data-ruby-toggle="">
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
