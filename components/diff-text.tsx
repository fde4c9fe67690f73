import type { DiffSegment } from '@/lib/text/char-diff';

/**
 * One side of a diff. Changes are `<del>`/`<ins>` (announced by screen readers that support
 * them) with a hidden text mark for those that do not, and styled by more than colour. The
 * text is the city's official Japanese; the marks are in the reader's language (`marks.lang`).
 */
export function DiffText({
  segments,
  marks,
}: {
  segments: DiffSegment[];
  marks: { deleted: string; inserted: string; end: string; lang: string };
}) {
  return (
    <div className="diff-text" lang="ja">
      {segments.map((segment, index) => {
        if (segment.kind === 'equal') return <span key={index}>{segment.text}</span>;
        const Tag = segment.kind === 'insert' ? 'ins' : 'del';
        return (
          <Tag key={index}>
            <span className="visually-hidden" lang={marks.lang}>
              {segment.kind === 'insert' ? marks.inserted : marks.deleted}
            </span>
            {segment.text}
            <span className="visually-hidden" lang={marks.lang}>
              {marks.end}
            </span>
          </Tag>
        );
      })}
    </div>
  );
}
