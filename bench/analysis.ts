/**
 * npm run bench:analysis — quality and speed of the opinion analysis (lib/analysis).
 *
 * Quality, on the hand-written evaluation set (lib/analysis/eval), per split (dev: looked at while
 * choosing parameters; held-out: only measured): item suggestion top-1/top-3 beside the plain
 * word-overlap baseline, campaign pairwise precision/recall/F1, personal-data span precision/recall,
 * language detection accuracy.
 *
 * Speed: `seed:load` data (with campaigns) in an in-memory PGlite, then the full analysis of the
 * first 10,000 and 100,000 opinions, and of one new opinion against the analysed 100,000; each
 * beside a baseline pass measured in the same run (NFKC + word segmentation of every text).
 * Targets: top-1 ≥ 0.8, top-3 ≥ 0.9, campaign F1 ≥ 0.95 with precision ≥ 0.98, PII recall ≥ 0.95
 * and precision ≥ 0.8, 100,000 opinions ≤ 30 s, one new opinion ≤ 50 ms.
 */
import { asc, eq } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { consultations, opinions, revisionItems } from '@/db/schema';
import { ISESAKI_SLUG, seedIsesaki } from '@/db/seed/isesaki';
import { loadSubmissions } from '@/lib/seed/load-submissions';
import { Analyser, type OpinionInput } from '@/lib/analysis/analyse';
import { evaluateQuality } from '@/lib/analysis/eval/evaluate';
import { ITEM_OPINIONS } from '@/lib/analysis/eval/item-opinions';
import { contentWords } from '@/lib/analysis/tokens';

const SIZES = [10_000, Number(process.env.BENCH_N ?? 100_000)];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');

const handle = await openDatabase({ dataDir: 'memory://', migrate: true });
try {
  const db = handle.db;
  await seedIsesaki(db, new Date(Date.now() - 20 * 86_400_000));
  const [consultation] = await db.select().from(consultations).where(eq(consultations.slug, ISESAKI_SLUG));
  const items = await db.select().from(revisionItems).where(eq(revisionItems.consultationId, consultation!.id)).orderBy(asc(revisionItems.number));

  console.log('== quality (hand-written evaluation set) ==');
  const quality = evaluateQuality(items);
  for (const split of ['dev', 'heldout'] as const) {
    const { method, baseline } = quality.items[split];
    console.log(
      `items ${split.padEnd(7)} n=${method.n}: top-1 ${pct(method.top1)} top-3 ${pct(method.top3)} | word-overlap baseline top-1 ${pct(baseline.top1)} top-3 ${pct(baseline.top3)}` +
        `  [${mark(method.top1 >= 0.8 && method.top3 >= 0.9)}]`,
    );
  }
  for (const split of ['dev', 'heldout', 'all'] as const) {
    const c = quality.campaigns[split];
    console.log(`campaigns ${split.padEnd(7)} pairs=${c.truePairs}: precision ${pct(c.precision)} recall ${pct(c.recall)} F1 ${pct(c.f1)}  [${mark(c.f1 >= 0.95 && c.precision >= 0.98)}]`);
  }
  for (const split of ['dev', 'heldout'] as const) {
    const p = quality.pii[split];
    console.log(`personal data ${split.padEnd(7)} spans=${p.expected}: precision ${pct(p.precision)} recall ${pct(p.recall)}  [${mark(p.recall >= 0.95 && p.precision >= 0.8)}]`);
  }
  console.log(`language n=${quality.language.n}: accuracy ${pct(quality.language.accuracy)}`);

  console.log('\n== speed (seed:load data, in-memory PGlite) ==');
  const needed = Math.max(...SIZES);
  const started = performance.now();
  // About 4 opinions for every 3 submissions.
  const loaded = await loadSubmissions(db, { slug: ISESAKI_SLUG, n: Math.ceil((needed * 3) / 4) + 100, onProgress: (d) => process.stdout.write(`\rseed:load ${d}`) });
  console.log(`\nseed:load: ${loaded.opinions} opinions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const rows: OpinionInput[] = await db
    .select({ id: opinions.id, text: opinions.text, itemNumber: opinions.itemNumber })
    .from(opinions)
    .where(eq(opinions.consultationId, consultation!.id))
    .orderBy(asc(opinions.id))
    .limit(needed);

  const analyser = new Analyser(items);
  let largest: ReturnType<Analyser['analyseAll']> | null = null;
  for (const size of SIZES) {
    const slice = rows.slice(0, size);
    let t = performance.now();
    let words = 0;
    for (const row of slice) words += contentWords(row.text).length;
    const baselineMs = performance.now() - t;
    t = performance.now();
    const result = analyser.analyseAll(slice);
    const ms = performance.now() - t;
    largest = result;
    const inCampaigns = result.opinions.filter((o) => o.campaignGroup !== null).length;
    console.log(
      `analyse ${slice.length} opinions: ${(ms / 1000).toFixed(2)} s (baseline pass ${(baselineMs / 1000).toFixed(2)} s, ratio ${(ms / baselineMs).toFixed(1)}; ${words} words)` +
        ` — ${result.campaigns.length} campaign groups holding ${inCampaigns} opinions, ${result.clusters.length} clusters` +
        (size >= 100_000 ? `  [${mark(ms <= 30_000)}]` : ''),
    );
  }

  // One new opinion against the analysed set: the index is rebuilt from stored decisions, as the worker does.
  const index = analyser.newIndex();
  const textOf = new Map(rows.map((row) => [row.id, row.text]));
  for (const o of largest!.opinions) index.restore(o.id, o.campaignGroup ?? o.id, textOf.get(o.id) ?? '');
  const times: number[] = [];
  let nextId = rows.at(-1)!.id + 1;
  for (const opinion of ITEM_OPINIONS) {
    const t = performance.now();
    analyser.analyseOne({ id: nextId, text: opinion.text, itemNumber: null });
    index.add(nextId, opinion.text);
    times.push(performance.now() - t);
    nextId++;
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)]!;
  const max = times.at(-1)!;
  console.log(`one new opinion (${times.length} runs): median ${p50.toFixed(2)} ms, max ${max.toFixed(2)} ms  [${mark(max <= 50)}]`);
} finally {
  await handle.close();
}
