'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { CommentFormValues } from '@/lib/validation/comment-form-data';
import { discardDraft, loadDraft } from './draft-store';

/**
 * A draft kept from an earlier visit (a closed or crashed tab), offered back. Only the browser
 * knows it, so it appears after hydration; its own state keeps the form from rendering again.
 */
export function DraftOffer({ slug, onRestore }: { slug: string; onRestore: (values: CommentFormValues) => void }) {
  const t = useTranslations('comment');
  const [draft, setDraft] = useState<CommentFormValues | null>(null);
  useEffect(() => {
    const saved = loadDraft(slug);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    if (saved) setDraft(saved);
  }, [slug]);
  if (!draft) return null;
  return (
    <div className="notice" role="region" aria-label={t('draftFound')}>
      <p>{t('draftFound')}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          onRestore(draft);
          setDraft(null);
        }}
      >
        {t('draftRestore')}
      </button>{' '}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          discardDraft(slug);
          setDraft(null);
        }}
      >
        {t('draftDiscard')}
      </button>
    </div>
  );
}

/** Says that the draft is kept: true only once the script runs, so not rendered on the server. */
export function DraftSavedNote() {
  const t = useTranslations('comment');
  const [hydrated, setHydrated] = useState(false);
  // eslint-disable-next-line react-hooks/set-state-in-effect -- true only after hydration
  useEffect(() => setHydrated(true), []);
  return hydrated ? <p className="hint">{t('draftSaved')}</p> : null;
}
