import type { TextBlock } from '@/db/schema';
import { blocksToText } from '@/db/seed/parse-revision-table';

/**
 * Staff write structured text (an overview, an item's before/after) in a textarea: one
 * paragraph a line, and list items as lines starting with `・` (or `- `). This is the inverse of
 * blocksToText, so what staff saved reads back unchanged; no markup is ever stored.
 */
export function textToBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let previousWasItem = false;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line) {
      previousWasItem = false;
      continue;
    }
    const item = /^(?:・|-\s+)(.*)$/.exec(line);
    if (item) {
      const content = item[1]!.trim();
      if (!content) continue;
      const last = blocks.at(-1);
      if (previousWasItem && last?.kind === 'list') last.items.push(content);
      else blocks.push({ kind: 'list', items: [content] });
      previousWasItem = true;
    } else {
      blocks.push({ kind: 'paragraph', text: line });
      previousWasItem = false;
    }
  }
  return blocks;
}

/** The textarea text of blocks (a blank line between two lists keeps them apart). */
export function blocksToEditableText(blocks: TextBlock[]): string {
  return blocks
    .map((block, i) => (block.kind === 'list' && blocks[i - 1]?.kind === 'list' ? `\n${blocksToText([block])}` : blocksToText([block])))
    .join('\n');
}

export { blocksToText };
