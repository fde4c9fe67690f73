import 'server-only';
import ja from '@/messages/ja.json';
import en from '@/messages/en.json';
import es from '@/messages/es.json';
import jaEasy from '@/messages/ja-x-easy.json';
import ne from '@/messages/ne.json';
import ptBR from '@/messages/pt-BR.json';
import tl from '@/messages/tl.json';
import vi from '@/messages/vi.json';
import zhHans from '@/messages/zh-Hans.json';
import type { Locale } from './locales';

/**
 * The namespaces residents see. Every language's catalog holds exactly these, with the keys
 * of the Japanese one (messages.test.ts); the staff area is Japanese only, so the other
 * namespaces come from ja.json whatever the language.
 */
export const RESIDENT_NAMESPACES = ['site', 'home', 'status', 'consultation', 'item', 'errors', 'commentErrors', 'comment', 'results', 'lookup'] as const;

export type Messages = typeof ja;

const CATALOGS: Record<Exclude<Locale, 'ja'>, unknown> = {
  'ja-x-easy': jaEasy,
  en,
  vi,
  'pt-BR': ptBR,
  es,
  tl,
  'zh-Hans': zhHans,
  ne,
};

/** The catalog of a language: its resident namespaces over the Japanese staff ones. */
export function messagesFor(locale: Locale): Messages {
  if (locale === 'ja') return ja;
  return { ...ja, ...(CATALOGS[locale] as Partial<Messages>) };
}
