'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import { charCount, OPINION_MAX_CHARS } from '@/lib/validation/comment-limits';
import type { CommentFormValues } from '@/lib/validation/comment-form-data';

/** How long typing must pause before a screen reader hears the count. */
const ANNOUNCE_AFTER_MS = 1500;

/**
 * The live character count under an opinion. The visible count follows every keystroke; a
 * polite live region repeats it only once typing pauses (and at once past the limit), so a
 * screen reader is not interrupted on every key. The textarea names the visible count in its
 * description, so it can be read on demand.
 */
export function OpinionCharCount({ control, index, id }: { control: Control<CommentFormValues>; index: number; id: string }) {
  const t = useTranslations('comment');
  const text = useWatch({ control, name: `opinions.${index}.text` }) ?? '';
  const count = charCount(text);
  const over = count > OPINION_MAX_CHARS;
  const [announced, setAnnounced] = useState('');
  // Without JavaScript the count could not follow the typing: it is shown only once hydrated.
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  useEffect(() => {
    const message = t('opinionCount', { count });
    if (count === 0) return;
    const timer = setTimeout(() => setAnnounced(message), over ? 0 : ANNOUNCE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [count, over, t]);
  return (
    <>
      <span id={id} className={over ? 'hint char-count field-error' : 'hint char-count'} data-testid={`char-count-${index}`}>
        {hydrated ? t('opinionCount', { count }) : null}
      </span>
      <span className="visually-hidden" aria-live="polite" data-testid={`char-count-live-${index}`}>
        {announced}
      </span>
    </>
  );
}

const subscribeNever = () => () => {};
