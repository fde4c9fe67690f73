import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { seedIsesaki, ISESAKI_SLUG } from '@/db/seed/isesaki';
import { loadSubmissions } from '@/lib/seed/load-submissions';

/**
 * The Isesaki case, opened 20 days ago, with `n` seed:load submissions, vacuumed and analysed
 * as weeks of autovacuum leave a real case's rows: what bench:inbox and bench:export measure on.
 */
export async function seedLoadedCase(db: Db, n: number): Promise<{ submissions: number; opinions: number }> {
  await seedIsesaki(db, new Date(Date.now() - 20 * 86_400_000));
  const started = performance.now();
  const loaded = await loadSubmissions(db, { slug: ISESAKI_SLUG, n, onProgress: (d) => process.stdout.write(`\rseed:load ${d}/${n}`) });
  console.log(`\nseed:load: ${loaded.submissions} submissions, ${loaded.opinions} opinions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await db.execute(sql`vacuum analyze`);
  return loaded;
}
