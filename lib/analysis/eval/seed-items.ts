import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRevisionTable, type ParsedItem } from '@/db/seed/parse-revision-table';

/** The seed case's 52 revision items, parsed from the same file the seed imports. */
export function seedItems(): ParsedItem[] {
  const source = readFileSync(path.join(import.meta.dirname, '../../../db/seed/isesaki-2nd-strategy.txt'), 'utf8');
  return parseRevisionTable(source).items;
}
