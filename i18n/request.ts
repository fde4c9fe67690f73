import { getRequestConfig } from 'next-intl/server';

// Japanese only for now; the locale comes from configuration, not from the request,
// so resident pages stay statically cacheable.
export const defaultLocale = 'ja';

export default getRequestConfig(async () => ({
  locale: defaultLocale,
  timeZone: 'Asia/Tokyo',
  messages: (await import(`../messages/${defaultLocale}.json`)).default,
}));
