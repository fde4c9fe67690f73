import { headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale, LOCALE_HEADER, type Locale } from '@/lib/i18n/locales';
import { messagesFor } from '@/lib/i18n/messages';

export const defaultLocale = DEFAULT_LOCALE;

// The proxy puts the URL's language into the request (lib/i18n/locales.ts, always overwritten);
// anything else means Japanese.
export default getRequestConfig(async () => {
  const requested = (await headers()).get(LOCALE_HEADER);
  const locale: Locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  return { locale, timeZone: 'Asia/Tokyo', messages: messagesFor(locale) };
});
