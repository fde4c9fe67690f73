import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { getMessages, getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { ErrorMessagesProvider } from '@/components/error-messages';
import { FocusOnNavigate } from '@/components/focus-on-navigate';
import { LanguageSwitcher } from '@/components/language-switcher';
import { isResidentPath, LOCALES, localizedPath, RUBY_HEADER, SEARCH_HEADER } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/server';
import { publicOrigin } from '@/lib/env';
import '@digital-go-jp/design-tokens/dist/tokens.css';
import './globals.css';
import './resident-i18n.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('site');
  return { title: { default: t('name'), template: `%s | ${t('name')}` }, description: t('description') };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every response carries its own CSP nonce (proxy.ts), so every page renders per request;
  // resident pages are cached, nonce and all, in front of Next.js by server.mjs.
  await connection();
  const t = await getTranslations('site');
  const messages = await getMessages();
  const locale = await requestLocale();
  const requestHeaders = await headers();
  const path = requestHeaders.get('x-resident-path') ?? '';
  const ruby = requestHeaders.get(RUBY_HEADER) === '1';
  const search = requestHeaders.get(SEARCH_HEADER) ?? '';
  const origin = publicOrigin();
  return (
    <html lang={locale}>
      {isResidentPath(path) && (
        <head>
          {/* The same page in every language, for search engines (Japanese is the default);
              absolute URLs on the configured origin, as hreflang requires. */}
          {LOCALES.map((l) => (
            <link key={l} rel="alternate" hrefLang={l} href={`${origin}${localizedPath(l, path)}`} />
          ))}
          <link rel="alternate" hrefLang="x-default" href={`${origin}${path}`} />
        </head>
      )}
      <body className={isResidentPath(path) ? 'resident' : undefined}>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header className="site-header">
          <div className="inner">
            <Link href={localizedPath(locale, '/')}>{t('name')}</Link>
            <LanguageSwitcher label={t('languages')} serverPathname={localizedPath(locale, path)} serverSearch={search} ruby={{ on: ruby, label: ruby ? t('rubyOff') : t('rubyOn') }} />
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {/* No next-intl client runtime here: pages that need it (the comment form, staff
              forms) bring their own provider with only the catalogs they use. */}
          <ErrorMessagesProvider messages={messages.errors} homeHref={localizedPath(locale, '/')}>{children}</ErrorMessagesProvider>
        </main>
        <FocusOnNavigate />
        <footer className="site-footer">
          <div className="inner">{t('footer')}</div>
        </footer>
      </body>
    </html>
  );
}
