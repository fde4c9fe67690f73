import { getTranslations } from 'next-intl/server';
import { requestLocale } from '@/lib/i18n/server';

/**
 * In a language other than Japanese: the case's text below is the city's official Japanese
 * text, which stays Japanese (each such fragment carries lang="ja").
 */
export async function OfficialTextNote() {
  if ((await requestLocale()) === 'ja') return null;
  const t = await getTranslations('site');
  return <p className="notice official-note">{t('officialTextNote')}</p>;
}
