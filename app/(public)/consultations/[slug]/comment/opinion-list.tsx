'use client';

import { useTranslations } from 'next-intl';

/** The opinions as the confirmation and the receipt list them. `official`: the label names an item, in the case's Japanese. */
export function OpinionList({ opinions }: { opinions: { label: string; official: boolean; text: string }[] }) {
  const t = useTranslations('comment');
  return (
    <ol className="opinion-list">
      {opinions.map((o, i) => (
        <li key={i}>
          <h3>
            {t('opinionLegend', { index: i + 1 })}：<span lang={o.official ? 'ja' : undefined}>{o.label}</span>
          </h3>
          <p className="opinion-text">{o.text}</p>
        </li>
      ))}
    </ol>
  );
}
