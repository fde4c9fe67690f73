/**
 * npm run bench:analysis — quality and speed of the opinion analysis (lib/analysis, lib/data/analysis).
 *
 * Quality, on the hand-written evaluation set (lib/analysis/eval), per split (dev: looked at while
 * choosing parameters; held-out: only measured): item suggestion top-1/top-3 beside the plain
 * word-overlap baseline, campaign pairwise precision/recall/F1, personal-data span precision/recall,
 * language detection accuracy.
 *
 * Speed, on `seed:load` data (realistic texts: most written independently, a fifth campaign
 * copies), in an in-memory PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL (a database
 * of its own, dropped afterwards):
 * - the pure analysis (`Analyser.analyseAll`) of the first 10,000 and 100,000 opinions (PGlite only),
 *   in one thread and with the per-opinion work in worker threads (`analyseAllInWorkers`, checked identical);
 * - what a city waits for: the full re-run as the product does it (`runFullAnalysis`, as
 *   `npm run analysis:run` does it, worker threads included: read the case's opinions, analyse, replace
 *   analyses and clusters, one transaction) on the case of 100,000 opinions;
 * - one new opinion analysed by the worker end to end (`analyseNewOpinions`: lock, find it,
 *   index, analyse, write), with the index kept from the run before as an instance keeps it, in
 *   the case of 100,000 analysed opinions; beside it the pure part of the same work and the pass
 *   of an instance that must build the index first (another instance's first pass);
 * each beside a baseline pass measured in the same run (NFKC + script-run words of every text),
 * because other work on the machine moves every absolute figure. The load average is printed.
 * Targets: top-1 ≥ 0.8, top-3 ≥ 0.9, campaign F1 ≥ 0.95 with precision ≥ 0.98, PII recall ≥ 0.95
 * and precision ≥ 0.8, full re-run of 100,000 opinions ≤ 30 s, one new opinion ≤ 50 ms (the
 * slowest of the runs); exits 1 when one is missed.
 */
import { readFileSync } from 'node:fs';
import { asc, eq, sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Db, type DbHandle } from '@/db/client';
import { consultations, opinions, revisionItems } from '@/db/schema';
import { ISESAKI_SLUG, seedIsesaki } from '@/db/seed/isesaki';
import { loadSubmissions } from '@/lib/seed/load-submissions';
import { generateOpinion, itemTopics } from '@/lib/seed/load-texts';
import { Analyser, type OpinionInput } from '@/lib/analysis/analyse';
import { evaluateQuality } from '@/lib/analysis/eval/evaluate';
import { analyseAllInWorkers, defaultAnalysisWorkers } from '@/lib/analysis/parallel';
import { contentWords } from '@/lib/analysis/tokens';
import { AnalysisIndexCache, type IndexUse } from '@/lib/data/analysis/index-cache';
import { analyseNewOpinions, runFullAnalysis } from '@/lib/data/analysis/run';
import { createTestDatabase } from '@/lib/testing/databases';
import { insertTestSubmission } from '@/lib/testing/triage-fixtures';

const SIZES = [10_000, Number(process.env.BENCH_N ?? 100_000)];
const N = Math.max(...SIZES);
/** New opinions analysed one at a time by the worker. */
const NEW_OPINIONS = Number(process.env.BENCH_NEW ?? 60);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const misses: string[] = [];
function check(ok: boolean, what?: string): string {
  if (!ok) misses.push(what ?? 'quality');
  return ok ? 'ok' : 'MISS';
}
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** The baseline pass: NFKC and script-run words of every text (what any text analysis must at least do). */
function baselinePass(texts: readonly { text: string }[]): number {
  const t = performance.now();
  let words = 0;
  for (const row of texts) words += contentWords(row.text).length;
  if (words < 0) throw new Error('unreachable');
  return performance.now() - t;
}

async function caseOf(db: Db) {
  const [consultation] = await db.select().from(consultations).where(eq(consultations.slug, ISESAKI_SLUG));
  const items = await db.select().from(revisionItems).where(eq(revisionItems.consultationId, consultation!.id)).orderBy(asc(revisionItems.number));
  return { consultation: consultation!, items };
}

async function seedCase(db: Db, label: string, seeded = false): Promise<{ submissions: number; opinions: number }> {
  if (!seeded) await seedIsesaki(db, new Date(Date.now() - 20 * 86_400_000));
  const started = performance.now();
  // Four opinions for every three submissions: this many submissions give N opinions.
  const loaded = await loadSubmissions(db, { slug: ISESAKI_SLUG, n: Math.round((N * 3) / 4), onProgress: (d) => process.stdout.write(`\rseed:load (${label}) ${d}`) });
  console.log(`\nseed:load (${label}): ${loaded.opinions} opinions in ${seconds(performance.now() - started)}`);
  await db.execute(sql`analyze`);
  return loaded;
}

/**
 * The product's figures on one database: the full re-run, then the worker's pass for one new
 * opinion at a time with the index kept (as an instance keeps it), and the first pass of an
 * instance without it.
 */
async function endToEnd(db: Db, label: string, loaded: number): Promise<void> {
  const { consultation, items } = await caseOf(db);
  const texts = await db.select({ text: opinions.text }).from(opinions).where(eq(opinions.consultationId, consultation.id));
  const baselineMs = baselinePass(texts);
  const instance = new AnalysisIndexCache();
  let t = performance.now();
  const phases: string[] = [];
  const run = await runFullAnalysis(db, consultation.id, null, {
    cache: instance,
    onPhase: (phase, ms) => phases.push(`${phase} ${seconds(ms)}`),
    // As `npm run analysis:run` does it: the per-opinion work in worker threads.
    analyseAll: (analyser, inputs, index) => analyseAllInWorkers(analyser, inputs, index),
  });
  const fullMs = performance.now() - t;
  console.log(
    `[${label}] full re-run (runFullAnalysis: read, analyse, write, one transaction) of ${run.opinions} opinions: ${seconds(fullMs)}` +
      ` — ${phases.join(', ')} (baseline pass ${seconds(baselineMs)}, ratio ${(fullMs / baselineMs).toFixed(1)}; load ${loadavg()})  [${check(fullMs <= 30_000 && run.opinions >= loaded, `${label} full re-run`)}]`,
  );
  const [counts] = await queryRows<{ grouped: number | string; groups: number | string }>(
    db,
    sql`select count(*) filter (where campaign_group is not null) as grouped, count(distinct campaign_group) as groups from opinion_analyses where consultation_id = ${consultation.id}`,
  );
  console.log(`[${label}]   ${counts!.groups} campaign groups holding ${counts!.grouped} opinions (seed:load made about ${pct(0.2)} of them as campaign copies)`);

  const topics = itemTopics(items);
  const times: number[] = [];
  const floor: number[] = [];
  const pure: number[] = [];
  const uses = new Map<IndexUse, number>();
  const onIndex = (use: IndexUse) => uses.set(use, (uses.get(use) ?? 0) + 1);
  for (let k = 0; k < NEW_OPINIONS; k++) {
    // New opinions as seed:load writes them (a fifth campaign copies), numbered past the load.
    const opinion = generateOpinion(10_000_000 + k, 0, topics);
    await insertTestSubmission(db, consultation.id, { texts: [{ itemNumber: opinion.itemNumber, text: opinion.text }] });
    t = performance.now();
    const done = await analyseNewOpinions(db, consultation.id, { cache: instance, onIndex });
    times.push(performance.now() - t);
    if (done !== 1) throw new Error(`expected one opinion analysed, got ${done}`);
    // The floor under it, measured beside each pass: a transaction of as many statements doing nothing.
    t = performance.now();
    await db.transaction(async (tx) => {
      for (let k = 0; k < 4; k++) await tx.execute(sql`select 1`);
    });
    floor.push(performance.now() - t);
  }
  // The pure part of the same work, on the kept index: analyse one opinion and group it.
  const kept = instance.take(consultation.id)!;
  for (let k = 0; k < NEW_OPINIONS; k++) {
    const opinion = generateOpinion(20_000_000 + k, 0, topics);
    t = performance.now();
    kept.analyser.analyseOne({ id: 1e12 + k, text: opinion.text, itemNumber: opinion.itemNumber });
    kept.index.add(1e12 + k, opinion.text);
    pure.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  pure.sort((a, b) => a - b);
  const max = times.at(-1)!;
  console.log(
    `[${label}] one new opinion, worker end to end with the kept index (${times.length} runs; index ${[...uses].map(([u, n]) => `${u} ${n}`).join(', ')}): ` +
      `median ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, max ${max.toFixed(1)} ms` +
      ` | a transaction of 4 empty statements beside it: median ${quantile(floor, 0.5).toFixed(1)} ms, max ${floor.at(-1)!.toFixed(1)} ms (ratio of medians ${(quantile(times, 0.5) / quantile(floor, 0.5)).toFixed(1)})` +
      ` | pure analyse + group: median ${quantile(pure, 0.5).toFixed(2)} ms, max ${pure.at(-1)!.toFixed(2)} ms; load ${loadavg()}  [${check(max <= 50 && (uses.get('kept') ?? 0) === times.length, `${label} one new opinion`)}]`,
  );
  // Another instance's first pass: no index yet, built from the stored results.
  const opinion = generateOpinion(30_000_000, 0, topics);
  await insertTestSubmission(db, consultation.id, { texts: [{ itemNumber: opinion.itemNumber, text: opinion.text }] });
  let use: IndexUse | undefined;
  t = performance.now();
  await analyseNewOpinions(db, consultation.id, { cache: new AnalysisIndexCache(), onIndex: (u) => (use = u) });
  console.log(`[${label}] one new opinion on an instance without the index (${use}): ${seconds(performance.now() - t)} (once per instance and case, and after a full re-run elsewhere)`);
}

/** The pure analysis (no database) of the first 10,000 and N opinions, one thread and worker threads. */
async function pureAnalysis(db: Db, items: Awaited<ReturnType<typeof caseOf>>['items']): Promise<void> {
  const { consultation } = await caseOf(db);
  const rows: OpinionInput[] = await db
    .select({ id: opinions.id, text: opinions.text, itemNumber: opinions.itemNumber })
    .from(opinions)
    .where(eq(opinions.consultationId, consultation.id))
    .orderBy(asc(opinions.id))
    .limit(N);
  const analyser = new Analyser(items);
  for (const size of SIZES) {
    const slice = rows.slice(0, size);
    const baselineMs = baselinePass(slice);
    const t = performance.now();
    const result = analyser.analyseAll(slice);
    const ms = performance.now() - t;
    const inCampaigns = result.opinions.filter((o) => o.campaignGroup !== null).length;
    console.log(
      `pure analysis (Analyser.analyseAll, in memory) of ${slice.length} opinions: ${seconds(ms)} (baseline pass ${seconds(baselineMs)}, ratio ${(ms / baselineMs).toFixed(1)})` +
        ` — ${result.campaigns.length} campaign groups holding ${inCampaigns} opinions, ${result.clusters.length} clusters; load ${loadavg()}`,
    );
    const tw = performance.now();
    const parallel = await analyseAllInWorkers(analyser, slice);
    const parallelMs = performance.now() - tw;
    const same = JSON.stringify(parallel) === JSON.stringify(result);
    console.log(
      `  the same with the per-opinion work in ${defaultAnalysisWorkers()} worker thread(s) (analyseAllInWorkers): ${seconds(parallelMs)} (ratio to one thread ${(parallelMs / ms).toFixed(2)});` +
        ` result identical: ${same ? 'yes' : 'NO'}; load ${loadavg()}  [${check(same, 'worker threads changed the result')}]`,
    );
}
}

console.log(`load average at start: ${loadavg()}`);
const handle = await openDatabase({ dataDir: 'memory://', migrate: true });
try {
  const db = handle.db;
  await seedIsesaki(db, new Date(Date.now() - 20 * 86_400_000));
  const { items } = await caseOf(db);

  console.log('== quality (hand-written evaluation set) ==');
  const quality = evaluateQuality(items);
  for (const split of ['dev', 'heldout'] as const) {
    const { method, baseline } = quality.items[split];
    console.log(
      `items ${split.padEnd(7)} n=${method.n}: top-1 ${pct(method.top1)} top-3 ${pct(method.top3)} | word-overlap baseline top-1 ${pct(baseline.top1)} top-3 ${pct(baseline.top3)}` +
        `  [${check(method.top1 >= 0.8 && method.top3 >= 0.9)}]`,
    );
  }
  for (const split of ['dev', 'heldout', 'all'] as const) {
    const c = quality.campaigns[split];
    console.log(`campaigns ${split.padEnd(7)} pairs=${c.truePairs}: precision ${pct(c.precision)} recall ${pct(c.recall)} F1 ${pct(c.f1)}  [${check(c.f1 >= 0.95 && c.precision >= 0.98)}]`);
  }
  for (const split of ['dev', 'heldout'] as const) {
    const p = quality.pii[split];
    console.log(`personal data ${split.padEnd(7)} spans=${p.expected}: precision ${pct(p.precision)} recall ${pct(p.recall)}  [${check(p.recall >= 0.95 && p.precision >= 0.8)}]`);
  }
  console.log(`language n=${quality.language.n}: accuracy ${pct(quality.language.accuracy)}`);

  console.log('\n== speed (seed:load data) ==');
  const loaded = await seedCase(db, 'PGlite', true);
  // In a function of its own: its texts and results are garbage before the end-to-end figures,
  // which a worker process does not carry either.
  await pureAnalysis(db, items);
  await endToEnd(db, 'PGlite', Math.min(N, loaded.opinions));
} finally {
  await handle.close();
}

if (process.env.TEST_DATABASE_URL) {
  let pg: DbHandle | undefined;
  try {
    pg = await createTestDatabase('postgres');
    const loaded = await seedCase(pg.db, 'PostgreSQL');
    await endToEnd(pg.db, 'PostgreSQL', Math.min(N, loaded.opinions));
  } finally {
    await pg?.close();
  }
} else {
  console.log('(PostgreSQL: set TEST_DATABASE_URL to measure there too)');
}

console.log(`load average at end: ${loadavg()}`);
if (misses.length > 0) {
  console.log(`missed: ${misses.join(', ')}`);
  process.exitCode = 1;
}
