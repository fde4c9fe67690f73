import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRevisionTable } from '@/db/seed/parse-revision-table';
import type { ItemText } from '../items';

/** The seed case's 52 revision items, parsed from the same file the seed imports. */
export function seedItems(): ItemText[] {
  const source = readFileSync(path.join(import.meta.dirname, '../../../db/seed/isesaki-2nd-strategy.txt'), 'utf8');
  return parseRevisionTable(source).items;
}
