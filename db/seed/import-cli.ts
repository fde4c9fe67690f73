import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeProcessDb, processDb } from '@/db/client';
import { importRevisionTable, parseJapanDate, startOfDayInJapan } from './import-revision-table';
import { RevisionTableError } from './parse-revision-table';

const usage = `usage: npm run import -- FILE [--slug S] [--department D] [--opens-at YYYY-MM-DD] [--closes-at YYYY-MM-DD] [--days N]
  The period runs from the start of --opens-at (default: today, Japan time) to the start of
  --closes-at (default: --days days after opening, 30 unless given).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    slug: { type: 'string' },
    department: { type: 'string', default: '担当課未設定' },
    'opens-at': { type: 'string' },
    'closes-at': { type: 'string' },
    days: { type: 'string', default: '30' },
    'how-to-submit': { type: 'string' },
  },
});

const file = positionals[0];
if (!file) {
  console.error(usage);
  process.exit(2);
}
const slug = values.slug ?? path.basename(file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
const opensAt = values['opens-at'] ? parseJapanDate(values['opens-at']) : startOfDayInJapan(new Date());
const closesAt = values['closes-at']
  ? parseJapanDate(values['closes-at'])
  : startOfDayInJapan(opensAt, Number(values.days));

try {
  const result = await importRevisionTable(await processDb(), readFileSync(file, 'utf8'), {
    slug,
    department: values.department,
    opensAt,
    closesAt,
    howToSubmit: values['how-to-submit'],
  });
  console.log(`${result.created ? 'created' : 'updated'} ${slug}: ${result.itemCount} items`);
} catch (error) {
  if (error instanceof RevisionTableError) {
    console.error(`${file}:${error.line}: ${error.reason} (nothing was stored)`);
    process.exitCode = 1;
  } else throw error;
} finally {
  await closeProcessDb();
}
