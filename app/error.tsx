'use client';

import Link from 'next/link';
import { useErrorMessages } from '@/components/error-messages';

// Errors we cause: a calm page, never a stack trace. The server has logged the details.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useErrorMessages();
  return (
    <>
      <h1>{t.errorTitle}</h1>
      <p>{t.errorBody}</p>
      <p>
        <button type="button" className="button" onClick={reset}>
          {t.retry}
        </button>{' '}
        <Link href={t.homeHref}>{t.backHome}</Link>
      </p>
    </>
  );
}
