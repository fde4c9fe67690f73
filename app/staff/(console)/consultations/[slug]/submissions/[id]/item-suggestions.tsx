'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { isTyping } from '@/components/staff/keys';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { HiddenInput } from '@/components/ui/hidden-input';
import { acceptItemSuggestionAction } from '@/lib/actions/staff/analysis';

export type SuggestionRow = { rank: number; itemNumber: number; heading: string; score: number; matchedWords: string[] };

/** Up to three suggested items of one opinion, each accepted by its button or by its number key (SuggestionKeys). */
export function ItemSuggestions({ consultation, opinionId, version, method, suggestions }: { consultation: string; opinionId: number; version: number; method: string; suggestions: SuggestionRow[] }) {
  const t = useTranslations('analysis');
  return (
    <section className="suggestions" aria-labelledby={`suggest-${opinionId}`} data-suggestions={opinionId}>
      <h4 id={`suggest-${opinionId}`}>{t('suggestionsHeading')}</h4>
      <p className="hint">{t('suggestionsHint')}</p>
      <ol className="suggestion-list">
        {suggestions.map((s) => (
          <li key={s.itemNumber} data-suggestion-rank={s.rank}>
            <p>
              <kbd>{s.rank}</kbd> {t('suggestion', { rank: s.rank, number: s.itemNumber, heading: s.heading, score: s.score.toFixed(2) })}
            </p>
            <p className="secondary">{t('matchedWords', { words: s.matchedWords.join('・') || '—' })}</p>
            <StaffForm name="item-suggestion" action={acceptItemSuggestionAction} version={version} className="inline-form" outcome="bottom">
              <HiddenInput name="consultation" value={consultation} />
              <HiddenInput name="opinionId" value={opinionId} />
              <HiddenInput name="itemNumber" value={s.itemNumber} />
              <HiddenInput name="version" value={version} />
              <Button type="submit" variant="secondary" size="small" aria-label={t('acceptSuggestionLabel', { rank: s.rank, number: s.itemNumber })}>
                {t('acceptSuggestion')}
              </Button>
            </StaffForm>
          </li>
        ))}
      </ol>
      <p className="secondary">{t('suggestionsProvenance', { method })}</p>
    </section>
  );
}

/**
 * The submission page's shortcut: with the focus inside an opinion (its heading, text or a
 * button), keys 1–3 accept that opinion's n-th suggested item. Never inside a text field or a
 * select, never with a modifier key.
 */
export function SuggestionKeys() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
      if (!['1', '2', '3'].includes(event.key) || isTyping(event.target)) return;
      const opinion = (document.activeElement as HTMLElement | null)?.closest('[data-opinion-id]');
      const form = opinion?.querySelector<HTMLFormElement>(`[data-suggestion-rank="${event.key}"] form`);
      if (!form) return;
      event.preventDefault();
      form.requestSubmit();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
