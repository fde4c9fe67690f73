import { DiffText } from '@/components/diff-text';
import type { RevisionItemContent } from '@/db/schema';
import { charDiff, splitSides } from '@/lib/text/char-diff';

export type ItemComparisonLabels = { before: string; after: string; noBefore: string; deleted: string; inserted: string; end: string };

/** An item's before and after side by side with the changed characters marked, as residents read it. */
export function ItemComparison({ item, labels, headingLevel = 3 }: { item: Pick<RevisionItemContent, 'beforeText' | 'afterText'>; labels: ItemComparisonLabels; headingLevel?: 3 | 4 }) {
  const sides = splitSides(charDiff(item.beforeText, item.afterText));
  // Staff read the comparison in Japanese (the official text and the labels alike).
  const marks = { deleted: labels.deleted, inserted: labels.inserted, end: labels.end, lang: 'ja' };
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="compare">
      <section>
        <Heading>{labels.before}</Heading>
        {item.beforeText === '' ? <p>{labels.noBefore}</p> : <DiffText segments={sides.before} marks={marks} />}
      </section>
      <section>
        <Heading>{labels.after}</Heading>
        <DiffText segments={sides.after} marks={marks} />
      </section>
    </div>
  );
}
