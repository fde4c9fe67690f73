import type { TextBlock } from '@/db/schema';

/** Structured text (paragraphs and bullet lists) as HTML; stored text never carries markup. */
export function TextBlocks({ blocks }: { blocks: TextBlock[] }) {
  return blocks.map((block, i) =>
    block.kind === 'paragraph' ? (
      <p key={i}>{block.text}</p>
    ) : (
      <ul key={i}>
        {block.items.map((item, j) => (
          <li key={j}>{item}</li>
        ))}
      </ul>
    ),
  );
}
