import { getRequestConfig } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';
import { messagesFor } from '@/lib/i18n/messages';

export const defaultLocale = DEFAULT_LOCALE;

// The proxy puts the URL's language into the request (X-NEXT-INTL-LOCALE, always overwritten);
// anything else means Japanese.
export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale: Locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  return { locale, timeZone: 'Asia/Tokyo', messages: messagesFor(locale) };
});
