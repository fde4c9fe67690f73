'use client';

import { useTranslations } from 'next-intl';
import { Fragment, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Disclosure } from '@/components/ui/disclosure';
import type { Option } from '@/components/ui/option-list';
import { focusedOpinion, isTyping } from './keys';

/**
 * The submission page's keys for a clerk who works without the mouse, documented on the page:
 * a category's letter chooses 対応区分, Shift+1–4 chooses 状態, Shift+S saves, Shift+N saves
 * and goes to the next submission (outside an opinion: goes without saving), Shift+P goes to
 * the previous one. They act on the opinion the focus is in (or the only one), never inside a
 * text field or a select, and say what they did in a status line; nothing is stored until a
 * save. Keys 1–3 (item suggestions) are SuggestionKeys' (submissions/[id]/item-suggestions.tsx).
 */
const subscribeNever = () => () => {};

export function TriageKeys({ categories, statuses }: { categories: Option[]; statuses: Option[] }) {
  const t = useTranslations('triage');
  const [said, say] = useState('');
  const letters = useMemo(() => categories.filter((c) => /^[A-Za-z]$/.test(c.value)), [categories]);
  // The keys need JavaScript: without it the page does not offer them.
  const enhanced = useSyncExternalStore(subscribeNever, () => true, () => false);

  useEffect(() => {
    const choose = (opinion: HTMLElement, name: 'categoryCode' | 'status', option: Option) => {
      const select = opinion.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
      if (!select) return;
      select.value = option.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const field = select.labels?.[0]?.textContent ?? name;
      say(t('keyChosen', { id: opinion.dataset.opinionId ?? '', field, value: option.label }));
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || isTyping(event.target)) return;
      const opinion = focusedOpinion();
      const form = opinion?.querySelector<HTMLFormElement>('form[data-staff-form="opinion"]');
      const letter = !event.shiftKey ? letters.find((c) => c.value.toLowerCase() === event.key.toLowerCase()) : undefined;
      const status = event.shiftKey && /^Digit[1-4]$/.test(event.code) ? statuses[Number(event.code.slice(5)) - 1] : undefined;
      const key = event.shiftKey ? event.code : '';
      if (!letter && !status && !['KeyS', 'KeyN', 'KeyP'].includes(key)) return;
      event.preventDefault();
      if (key === 'KeyP') return document.querySelector<HTMLAnchorElement>('a[rel="prev"]')?.click();
      if (key === 'KeyN' && !form?.querySelector('button[value="next"]')) return document.querySelector<HTMLAnchorElement>('a[rel="next"]')?.click();
      if (!opinion || !form) return say(t('keyNoOpinion'));
      if (letter) return choose(opinion, 'categoryCode', letter);
      if (status) return choose(opinion, 'status', status);
      form.requestSubmit(form.querySelector<HTMLButtonElement>(key === 'KeyN' ? 'button[value="next"]' : 'button[type="submit"]:not([value])'));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [letters, statuses, t]);

  if (!enhanced) return null;
  return (
    <>
      <Disclosure summary={t('keysHeading')} className="keys-help">
        <p>{t('keysLead')}</p>
        <dl className="keys">
          {letters.length > 0 && (
            <>
              <dt>
                <kbd>{letters.map((c) => c.value.toUpperCase()).join(' ')}</kbd>
              </dt>
              <dd>{t('keyCategory', { codes: letters.map((c) => c.label).join('、') })}</dd>
            </>
          )}
          <dt>
            <kbd>Shift</kbd>+<kbd>1</kbd>〜<kbd>4</kbd>
          </dt>
          <dd>{t('keyStatus', { first: statuses[0]?.label ?? '', second: statuses[1]?.label ?? '', third: statuses[2]?.label ?? '', fourth: statuses[3]?.label ?? '' })}</dd>
          <dt>
            <kbd>1</kbd>〜<kbd>3</kbd>
          </dt>
          <dd>{t('keySuggestion')}</dd>
          {(
            [
              ['S', t('keySave')],
              ['N', t('keySaveAndNext')],
              ['P', t('keyPrevious')],
            ] as const
          ).map(([key, what]) => (
            <Fragment key={key}>
              <dt>
                <kbd>Shift</kbd>+<kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </Fragment>
          ))}
        </dl>
      </Disclosure>
      <p role="status" className="keys-status">
        {said}
      </p>
    </>
  );
}
