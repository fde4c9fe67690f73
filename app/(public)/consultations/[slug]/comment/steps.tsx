'use client';

import { useTranslations } from 'next-intl';

/** Where the resident is: input (0), confirmation (1), receipt (2). */
export function Steps({ current }: { current: 0 | 1 | 2 }) {
  const t = useTranslations('comment');
  const labels = [t('stepInput'), t('stepConfirm'), t('stepDone')];
  return (
    <ol className="steps" aria-label={t('steps')}>
      {labels.map((label, i) => (
        <li key={label} aria-current={i === current ? 'step' : undefined} className={i === current ? 'current' : undefined}>
          {label}
        </li>
      ))}
    </ol>
  );
}
