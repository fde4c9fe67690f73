'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';

/** The recovery codes, shown this once after the first passkey; focus moves to the heading. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  const t = useTranslations('staffPasskey');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="recovery-codes-heading" className="notice">
      <h2 id="recovery-codes-heading" tabIndex={-1} ref={heading}>
        {t('codesTitle')}
      </h2>
      <p>{t('codesLead')}</p>
      <ol aria-label={t('codesListLabel')} className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href="/staff">{t('continue')}</a>
      </p>
    </section>
  );
}
