'use client';

import { useLocale, useTranslations } from 'next-intl';
import { submitterCategoryKey } from '@/lib/i18n/submitter-categories';

/**
 * A submitter category as stored (Japanese, marked lang="ja"), with its meaning in the reader's
 * language beside it when the city defined it (lib/i18n/submitter-categories.ts).
 */
export function SubmitterCategory({ value }: { value: string }) {
  const t = useTranslations('comment');
  const locale = useLocale();
  const key = submitterCategoryKey(value);
  return (
    <>
      <span lang="ja">{value}</span>
      {key && locale !== 'ja' && (
        <>
          {' '}
          <span data-testid="category-meaning">({t(`categoryNames.${key}`)})</span>
        </>
      )}
    </>
  );
}

/** What each category of the form means, as the hint under its select (the options stay Japanese). */
export function SubmitterCategoryMeanings({ categories }: { categories: readonly string[] }) {
  const t = useTranslations('comment');
  const known = categories.flatMap((c) => {
    const key = submitterCategoryKey(c);
    return key ? [{ category: c, key }] : [];
  });
  if (known.length === 0) return null;
  return (
    <>
      {t('categoryMeanings')}
      {known.map(({ category, key }) => (
        <span key={category} className="category-meaning" data-testid="category-meaning">
          <span lang="ja">{category}</span>：{t(`categoryNames.${key}`)}
        </span>
      ))}
    </>
  );
}
