// npm run analysis:run -- [slug]: a full re-run of the opinion analysis (all consultations without a slug),
// the per-opinion work in worker threads (lib/analysis/parallel.ts).
import { eq } from 'drizzle-orm';
import { closeProcessDb, processDb } from '@/db/client';
import { consultations } from '@/db/schema';
import { analyseAllInWorkers } from '@/lib/analysis/parallel';
import { runFullAnalysis } from '@/lib/data/analysis/run';

const slug = process.argv[2];
try {
  const db = await processDb();
  const targets = await db.select({ id: consultations.id, slug: consultations.slug }).from(consultations).where(slug ? eq(consultations.slug, slug) : undefined);
  if (slug && targets.length === 0) {
    console.error(`no consultation ${slug}`);
    process.exitCode = 2;
  }
  for (const target of targets) {
    const started = performance.now();
    const result = await runFullAnalysis(db, target.id, null, { analyseAll: (analyser, inputs, index) => analyseAllInWorkers(analyser, inputs, index) });
    console.log(`${target.slug}: ${result.opinions} opinions analysed (run ${result.runId}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await closeProcessDb();
}
