import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '@/db/client';
import { importRevisionTable, startOfDayInJapan, type ImportResult } from './import-revision-table';

export const ISESAKI_SLUG = 'isesaki-2nd-strategy-revision';

const HOW_TO_SUBMIT = [
  'このページの意見提出フォームのほか、郵送、FAX、電子メール、持参でも提出できます。',
  '郵送・持参：〒372-8501 伊勢崎市今泉町二丁目410番地 伊勢崎市役所 企画部企画調整課',
  '氏名（法人その他の団体にあっては名称及び代表者の氏名）と住所を必ず記入してください。',
].join('\n');

/**
 * Loads the Isesaki case. The source file carries no dates or department; a fresh database
 * gets a period opening today for 30 days, and a re-seed keeps the period it already has.
 * Benchmarks load a second copy under another slug (a closed case with a published result).
 */
export async function seedIsesaki(db: Db, now = new Date(), slug = ISESAKI_SLUG): Promise<ImportResult> {
  const source = readFileSync(path.join(process.cwd(), 'db', 'seed', 'isesaki-2nd-strategy.txt'), 'utf8');
  return importRevisionTable(db, source, {
    slug,
    department: '企画部 企画調整課',
    opensAt: startOfDayInJapan(now),
    closesAt: startOfDayInJapan(now, 30),
    howToSubmit: HOW_TO_SUBMIT,
    keepExistingSettings: true,
  });
}
