// npm run seed:load -- N [--slug S]: fills a consultation with N realistic submissions and opinions.
import { parseArgs } from 'node:util';
import { closeProcessDb, processDb } from '@/db/client';
import { ISESAKI_SLUG, seedIsesaki } from '@/db/seed/isesaki';
import { loadSubmissions } from '@/lib/seed/load-submissions';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { slug: { type: 'string' } } });
const n = Number(positionals[0] ?? 1000);
if (!Number.isInteger(n) || n <= 0) {
  console.error('usage: npm run seed:load -- N [--slug S]');
  process.exit(2);
}
try {
  const db = await processDb();
  const slug = values.slug ?? ISESAKI_SLUG;
  if (slug === ISESAKI_SLUG) await seedIsesaki(db);
  const started = performance.now();
  const result = await loadSubmissions(db, { slug, n, onProgress: (done) => process.stdout.write(`\r${done}/${n} submissions`) });
  console.log(`\n${slug}: +${result.submissions} submissions, ${result.opinions} opinions in the case (${((performance.now() - started) / 1000).toFixed(1)} s)`);
} finally {
  await closeProcessDb();
}
