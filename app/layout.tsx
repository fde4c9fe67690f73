import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('site');
  return { title: { default: t('name'), template: `%s | ${t('name')}` } };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('site');
  const messages = await getMessages();
  return (
    <html lang="ja">
      <body>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header className="site-header">
          <div className="inner">
            <Link href="/">{t('name')}</Link>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {/* Client components get only the catalogs they use, to keep resident pages light. */}
          <NextIntlClientProvider messages={{ errors: messages.errors }}>{children}</NextIntlClientProvider>
        </main>
        <footer className="site-footer">
          <div className="inner">{t('footer')}</div>
        </footer>
      </body>
    </html>
  );
}
