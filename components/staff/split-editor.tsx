'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState, useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import type { FieldControlProps } from '@/components/ui/field';
import { cutsFromMarked, markedFromCuts, normalizeCut, offsetAtCaret, wordBoundaries } from '@/lib/text/split-marks';

const subscribeNever = () => () => {};

/**
 * The split form's text. Without JavaScript it is the textarea alone: staff put a `---` line
 * where the opinion is cut. With JavaScript the same textarea gets a button that cuts at the
 * cursor (or around a selection) and a list of the pieces it makes, each boundary movable to
 * the previous or next word or removable. Every button rewrites the textarea's text, so what
 * is posted is always the marked text the server reads, whichever way it was made.
 */
export function SplitEditor({ control, original }: { control: FieldControlProps; original: string }) {
  const t = useTranslations('triage');
  const [marked, setMarked] = useState(original);
  const [notice, setNotice] = useState('');
  const textarea = useRef<HTMLTextAreaElement>(null);
  const enhanced = useSyncExternalStore(subscribeNever, () => true, () => false);
  const cuts = cutsFromMarked(original, marked);
  const words = wordBoundaries(original);

  const apply = (next: number[]) => {
    const unique = [...new Set(next.map((at) => normalizeCut(original, at)))].filter((at) => at > 0 && at < original.length).sort((a, b) => a - b);
    setMarked(markedFromCuts(original, unique));
    setNotice(t('splitStatus', { count: unique.length + 1 }));
  };

  const cutAtCursor = () => {
    const area = textarea.current;
    if (!area || !cuts) return;
    const start = offsetAtCaret(original, marked, area.selectionStart);
    const end = offsetAtCaret(original, marked, area.selectionEnd);
    const added = [start, end].map((at) => normalizeCut(original, at)).filter((at) => at > 0 && at < original.length);
    if (added.length === 0) {
      setNotice(t('splitCannotHere'));
      return;
    }
    apply([...cuts, ...added]);
  };

  const move = (index: number, direction: -1 | 1) => {
    if (!cuts) return;
    const low = index === 0 ? 0 : cuts[index - 1]!;
    const high = index === cuts.length - 1 ? original.length : cuts[index + 1]!;
    const target = direction < 0 ? words.filter((w) => w > low && w < cuts[index]!).at(-1) : words.find((w) => w > cuts[index]! && w < high);
    if (target === undefined) return;
    apply(cuts.map((at, i) => (i === index ? target : at)));
  };

  const pieces = cuts ? [0, ...cuts, original.length].slice(1).map((end, i, ends) => original.slice(i === 0 ? 0 : ends[i - 1], end)) : [];

  return (
    <>
      <textarea
        {...control}
        ref={textarea}
        name="marked"
        rows={Math.min(12, original.split('\n').length + 3)}
        value={marked}
        onChange={(event) => setMarked(event.target.value)}
      />
      {enhanced && (
        <div className="split-tools">
          <p className="hint">{t('splitToolsHint')}</p>
          <Button type="button" variant="secondary" onClick={cutAtCursor} disabled={!cuts}>
            {t('splitAtCursor')}
          </Button>
          <p role="status" className="split-status">
            {notice}
          </p>
          {cuts && cuts.length > 0 && (
            <section>
              <h3>{t('splitPreview', { count: pieces.length })}</h3>
              <ol className="split-pieces">
                {pieces.map((piece, i) => (
                  <li key={`${i}-${cuts[i - 1] ?? 0}`}>
                    <p className="split-piece-label">{t('splitPiece', { n: i + 1, chars: Array.from(piece).length })}</p>
                    <blockquote className="split-piece-text">{piece}</blockquote>
                    {i < cuts.length && (
                      <div role="group" aria-label={t('splitBoundary', { n: i + 1, next: i + 2 })} className="split-boundary">
                        <Button type="button" variant="secondary" size="small" onClick={() => move(i, -1)}>
                          {t('splitBoundaryEarlier')}
                        </Button>
                        <Button type="button" variant="secondary" size="small" onClick={() => move(i, 1)}>
                          {t('splitBoundaryLater')}
                        </Button>
                        <Button type="button" variant="secondary" size="small" onClick={() => apply(cuts.filter((_, j) => j !== i))}>
                          {t('splitBoundaryRemove')}
                        </Button>
                      </div>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          )}
        </div>
      )}
    </>
  );
}
